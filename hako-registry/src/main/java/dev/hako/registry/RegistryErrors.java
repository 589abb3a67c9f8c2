package dev.hako.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The distribution spec's error body ({@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"..."}]}})
 * and the mapping of a registry's HTTP answer to a {@link HakoException} kind, in one place.
 */
final class RegistryErrors {
    /** One entry of the error body. */
    record RegistryError(String code, String message) {}

    private RegistryErrors() {}

    /** The errors in {@code body}; empty when it is not the spec's JSON (an HTML page from a proxy, nothing). */
    static List<RegistryError> parse(byte[] body) {
        List<RegistryError> errors = new ArrayList<>();
        if (body == null || body.length == 0) {
            return errors;
        }
        try {
            JsonNode errs = Json.MAPPER.readTree(body).path("errors");
            for (JsonNode e : errs) {
                String code = e.path("code").asText("");
                String message = e.path("message").asText("");
                if (!code.isEmpty() || !message.isEmpty()) {
                    errors.add(new RegistryError(code, message));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the status alone describes the failure
        }
        return errors;
    }

    /** What the registry said: its messages, else the HTTP status. */
    static String describe(int status, byte[] body) {
        List<RegistryError> errors = parse(body);
        if (errors.isEmpty()) {
            return statusLine(status);
        }
        return errors.stream()
                .map(e -> !e.message().isEmpty() ? e.message() : e.code().toLowerCase(Locale.ROOT).replace('_', ' '))
                .distinct()
                .collect(Collectors.joining("; "));
    }

    /** The exception for an answer that the operation did not expect. */
    static HakoException toException(Target target, Endpoint endpoint, int status, byte[] body, String user) {
        String said = describe(status, body);
        return switch (status) {
            case 404 -> HakoException.notFound("%s not found: %s", target.subject(), said);
            case 401, 403 -> new HakoException(ErrorKind.UNAUTHENTICATED, "%s access denied for %s: %s%s".formatted(
                    target.access().verb, target.repoName(), said,
                    user == null ? "" : " (as user " + user + ")"));
            case 400 -> HakoException.invalid("registry %s refused %s: %s", endpoint.authority(), target.subject(), said);
            case 405 -> HakoException.precondition("registry %s does not support this for %s: %s",
                    endpoint.authority(), target.subject(), said);
            case 429 -> HakoException.unavailable("registry %s refused %s: too many requests: %s",
                    endpoint.authority(), target.subject(), said);
            default -> HakoException.unavailable("registry %s failed on %s: %s", endpoint.authority(), target.subject(),
                    status >= 500 ? statusLine(status) + (said.equals(statusLine(status)) ? "" : ": " + said) : said);
        };
    }

    static String statusLine(int status) {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
        return reason.isEmpty() ? "HTTP " + status : "HTTP " + status + " " + reason;
    }
}
