package dev.hako.docker;

import dev.hako.errdefs.HakoException;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the handler of a request. A path may begin with a version ({@code /v1.50/containers/json});
 * one without is served as the newest version, as docker serves it. Patterns name their parts:
 * {@code {id}} is one segment, {@code {name*}} one or more (image names hold slashes).
 */
public final class Router {
    private static final Pattern VERSIONED = Pattern.compile("/v([0-9][0-9.]*)(/.*)");
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)(\\*?)}");

    private record Route(HttpMethod method, Pattern pattern, List<String> names, Handler handler) {}

    /** A request's handler, its path parameters, and the version and path it was routed by. */
    public record Match(Handler handler, PathParams params, ApiVersion version, String path) {}

    private final List<Route> routes = new ArrayList<>();

    public Router add(HttpMethod method, String pattern, Handler handler) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAM.matcher(pattern);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), List.copyOf(names), handler));
        return this;
    }

    /**
     * The route of {@code method} on {@code path} (decoded, without the query). A version outside
     * what is served is a bad request; a path no route takes is docker's "page not found".
     */
    public Match route(HttpMethod method, String path) {
        ApiVersion version = ApiVersion.MAX;
        String rest = path;
        Matcher versioned = VERSIONED.matcher(path);
        if (versioned.matches()) {
            version = ApiVersion.parse(versioned.group(1)).requireServed();
            rest = versioned.group(2);
        }
        if (rest.length() > 1 && rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        for (Route r : routes) {
            if (!r.method().equals(method)) {
                continue;
            }
            Matcher m = r.pattern().matcher(rest);
            if (m.matches()) {
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i < r.names().size(); i++) {
                    params.put(r.names().get(i), m.group(i + 1));
                }
                return new Match(r.handler(), new PathParams(params), version, rest);
            }
        }
        throw HakoException.notFound("page not found");
    }
}
