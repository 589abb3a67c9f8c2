package dev.hako.cni;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One plugin of a network configuration list: its {@code type} (the executable's name), the
 * capabilities it declares (only those get {@code runtimeConfig} keys), and its configuration as
 * JSON, kept whole because plugin-specific fields are the plugin's business.
 */
public record CniPlugin(String type, Set<String> capabilities, String json) {
    public CniPlugin {
        if (!isValidType(type)) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid CNI plugin type " + (type == null ? "null" : "\"" + type + "\""));
        }
        capabilities = Set.copyOf(capabilities);
        if (json == null || json.isBlank()) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "CNI plugin " + type + " has no configuration");
        }
    }

    /** A type names a file in a bin dir: a path (or "." / "..") would run something outside them. */
    static boolean isValidType(String type) {
        return type != null && !type.isEmpty() && !type.contains("/") && !type.equals(".") && !type.equals("..")
                && type.chars().noneMatch(c -> c == 0 || Character.isWhitespace(c));
    }

    /** A fresh, mutable copy of the configuration, for building one invocation's stdin. */
    ObjectNode tree() {
        try {
            return (ObjectNode) CniJson.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (CniJson.InvalidJson | ClassCastException e) {
            throw new IllegalStateException("CNI plugin " + type + ": configuration is not a JSON object", e);
        }
    }
}
