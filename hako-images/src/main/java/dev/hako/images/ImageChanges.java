package dev.hako.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Dockerfile instructions {@code hako image import --change} accepts, as docker import does:
 * CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE, STOPSIGNAL, VOLUME.
 */
public final class ImageChanges {
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final List<String> env = new ArrayList<>();

    public static ImageChanges parse(List<String> changes) {
        ImageChanges c = new ImageChanges();
        for (String change : changes) {
            c.apply(change.strip());
        }
        return c;
    }

    private void apply(String change) {
        int space = change.indexOf(' ');
        if (space < 0) {
            throw HakoException.invalid("invalid change %s: expected INSTRUCTION ARGUMENTS", change);
        }
        String instruction = change.substring(0, space).toUpperCase(java.util.Locale.ROOT);
        String args = change.substring(space + 1).strip();
        switch (instruction) {
            case "CMD" -> config.put("Cmd", commandLine(args));
            case "ENTRYPOINT" -> config.put("Entrypoint", commandLine(args));
            case "ENV" -> env.add(keyValue(args, change));
            case "WORKDIR" -> config.put("WorkingDir", args);
            case "USER" -> config.put("User", args);
            case "STOPSIGNAL" -> config.put("StopSignal", args);
            case "LABEL" -> {
                String kv = keyValue(args, change);
                @SuppressWarnings("unchecked")
                Map<String, String> labels = (Map<String, String>) config.computeIfAbsent("Labels", k -> new LinkedHashMap<>());
                labels.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            case "EXPOSE" -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> ports = (Map<String, Object>) config.computeIfAbsent("ExposedPorts", k -> new LinkedHashMap<>());
                for (String p : args.split("\\s+")) {
                    ports.put(p.contains("/") ? p : p + "/tcp", Map.of());
                }
            }
            case "VOLUME" -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> volumes = (Map<String, Object>) config.computeIfAbsent("Volumes", k -> new LinkedHashMap<>());
                for (String v : commandLine(args)) {
                    volumes.put(v, Map.of());
                }
            }
            default -> throw HakoException.invalid("invalid change %s: %s is not supported by import", change, instruction);
        }
    }

    /** JSON form {@code ["sh","-c"]} or shell form, which docker wraps in {@code /bin/sh -c}. */
    private static List<String> commandLine(String args) {
        if (args.startsWith("[")) {
            try {
                return List.of(Json.MAPPER.readValue(args, String[].class));
            } catch (java.io.IOException e) {
                throw HakoException.invalid("invalid JSON command %s", args);
            }
        }
        return List.of("/bin/sh", "-c", args);
    }

    private static String keyValue(String args, String change) {
        int eq = args.indexOf('=');
        int sp = args.indexOf(' ');
        if (eq > 0 && (sp < 0 || eq < sp)) {
            return unquote(args.substring(0, eq)) + "=" + unquote(args.substring(eq + 1));
        }
        if (sp > 0) {
            return args.substring(0, sp) + "=" + args.substring(sp + 1).strip();
        }
        throw HakoException.invalid("invalid change %s: expected KEY=VALUE", change);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    ObjectNode toConfig() {
        ObjectNode node = Json.MAPPER.valueToTree(config);
        if (!env.isEmpty()) {
            ArrayNode e = node.putArray("Env");
            env.forEach(e::add);
        }
        return node;
    }
}
