package dev.hako.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One Docker Engine API request as a handler sees it: the path without its version prefix, the
 * version it asked for (the newest served when it named none), the query, the headers and the body.
 */
public record DockerRequest(HttpMethod method, String path, ApiVersion version, Map<String, List<String>> query,
                            HttpHeaders headers, byte[] body) {
    public DockerRequest {
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a query parameter, or {@code orElse}. */
    public String query(String name, String orElse) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? orElse : values.getFirst();
    }

    /** A boolean parameter as docker reads one: absent, "", "0", "false" and "no" are false. */
    public boolean flag(String name) {
        String v = query(name, "");
        return !(v.isEmpty() || v.equals("0") || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no"));
    }

    /** An integer parameter; {@code orElse} when absent or empty. */
    public int intQuery(String name, int orElse) {
        String v = query(name, "");
        if (v.isEmpty()) {
            return orElse;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw HakoException.invalid("invalid value for %s: %s", name, v);
        }
    }

    /** The body as a JSON tree: an empty object when there is none. */
    public JsonNode json() {
        if (body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw HakoException.invalid("invalid JSON: %s", firstLine(e));
        }
    }

    private static String firstLine(IOException e) {
        String m = e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
