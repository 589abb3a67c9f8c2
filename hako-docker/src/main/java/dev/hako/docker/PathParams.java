package dev.hako.docker;

import java.util.Map;

/** The named parts of a matched path, as the route's pattern names them. */
public record PathParams(Map<String, String> values) {
    public PathParams {
        values = Map.copyOf(values);
    }

    public String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the route has no {" + name + "}");
        }
        return v;
    }
}
