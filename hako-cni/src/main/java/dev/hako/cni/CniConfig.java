package dev.hako.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A network configuration list: the network's name, the CNI spec version every plugin is called
 * with, and the plugins in ADD order. {@code source} is the file it came from (null when built in code).
 */
public record CniConfig(String name, String cniVersion, boolean disableCheck, List<CniPlugin> plugins, Path source) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    public CniConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid CNI network name " + (name == null ? "null" : "\"" + name + "\"")
                    + ": it must start with a letter or digit, followed by letters, digits, '_', '.' or '-'");
        }
        if (!CniVersion.isValid(cniVersion)) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid cniVersion \"" + cniVersion + "\" for CNI network " + name);
        }
        plugins = List.copyOf(plugins);
        if (plugins.isEmpty()) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "CNI network " + name + " has no plugins");
        }
    }

    /** Reads a configuration file: a {@code .conflist} is a list, a {@code .conf} or {@code .json} one plugin. */
    public static CniConfig read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw HakoException.notFound("CNI network config %s not found", file);
        } catch (IOException e) {
            throw HakoException.precondition("cannot read CNI network config %s: %s", file, e.getMessage());
        }
        String what = "CNI network config " + file;
        return file.getFileName().toString().endsWith(".conflist") ? parseList(bytes, what, file)
                : parseSinglePlugin(bytes, what, file);
    }

    /** A configuration list given as JSON text (a generated one, or the loopback network). */
    public static CniConfig parse(String conflistJson) {
        return parseList(conflistJson.getBytes(StandardCharsets.UTF_8), "CNI network config", null);
    }

    static CniConfig parseList(byte[] bytes, String what, Path source) {
        ObjectNode root = object(bytes, what);
        String name = name(root, what);
        String version = version(root, what);
        JsonNode plugins = root.get("plugins");
        if (plugins == null || !plugins.isArray() || plugins.isEmpty()) {
            String hint = root.has("type") ? " (it holds a single plugin: name the file .conf)" : "";
            throw HakoException.precondition("%s: \"plugins\" must be a non-empty list%s", what, hint);
        }
        List<CniPlugin> list = new ArrayList<>();
        for (int i = 0; i < plugins.size(); i++) {
            list.add(plugin(plugins.get(i), what + ": plugin " + i));
        }
        return build(name, version, disableCheck(root, what), list, source, what);
    }

    /** A single-plugin configuration, wrapped into a list of one as libcni does. */
    static CniConfig parseSinglePlugin(byte[] bytes, String what, Path source) {
        ObjectNode root = object(bytes, what);
        if (!root.has("type") && root.has("plugins")) {
            throw HakoException.precondition("%s: a plugin list needs the .conflist extension", what);
        }
        String name = name(root, what);
        String version = version(root, what);
        return build(name, version, false, List.of(plugin(root, what)), source, what);
    }

    /** The list as JSON: what the plugins were run with, as cached for a later DEL. */
    byte[] toJson() {
        ObjectNode root = CniJson.object();
        root.put("cniVersion", cniVersion);
        root.put("name", name);
        if (disableCheck) {
            root.put("disableCheck", true);
        }
        var array = root.putArray("plugins");
        plugins.forEach(p -> array.add(p.tree()));
        return CniJson.bytes(root);
    }

    private static CniConfig build(String name, String version, boolean disableCheck, List<CniPlugin> plugins,
            Path source, String what) {
        try {
            return new CniConfig(name, version, disableCheck, plugins, source);
        } catch (HakoException e) {
            throw HakoException.precondition("%s: %s", what, e.getMessage());
        }
    }

    private static ObjectNode object(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = CniJson.parse(bytes);
        } catch (CniJson.InvalidJson e) {
            throw HakoException.precondition("%s: invalid JSON: %s", what, e.getMessage());
        }
        if (!(node instanceof ObjectNode o)) {
            throw HakoException.precondition("%s: expected a JSON object, found %s", what, node.getNodeType());
        }
        return o;
    }

    private static String name(ObjectNode root, String what) {
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            throw HakoException.precondition("%s: missing network \"name\"", what);
        }
        if (!NAME.matcher(name.asText()).matches()) {
            throw HakoException.precondition("%s: invalid network name \"%s\" (letters, digits, '_', '.', '-'; "
                    + "starting with a letter or digit)", what, name.asText());
        }
        return name.asText();
    }

    /**
     * The version to speak: {@code cniVersion}, or with a {@code cniVersions} list (spec 1.1) the
     * highest listed version this client implements, as libcni picks.
     */
    private static String version(ObjectNode root, String what) {
        JsonNode single = root.get("cniVersion");
        JsonNode many = root.get("cniVersions");
        if (single != null && (!single.isTextual() || !CniVersion.isValid(single.asText()))) {
            throw HakoException.precondition("%s: invalid cniVersion %s (expected a version such as \"1.0.0\")", what, single);
        }
        if (many == null) {
            if (single == null) {
                throw HakoException.precondition("%s: missing \"cniVersion\"", what);
            }
            return single.asText();
        }
        List<String> candidates = new ArrayList<>();
        if (single != null) {
            candidates.add(single.asText());
        }
        if (!many.isArray()) {
            throw HakoException.precondition("%s: \"cniVersions\" must be a list of versions", what);
        }
        for (JsonNode v : many) {
            if (!v.isTextual() || !CniVersion.isValid(v.asText())) {
                throw HakoException.precondition("%s: invalid entry %s in cniVersions", what, v);
            }
            candidates.add(v.asText());
        }
        return candidates.stream()
                .filter(v -> CniVersion.compare(v, CniVersion.IMPLEMENTED) <= 0)
                .max(CniVersion::compare)
                .orElseThrow(() -> HakoException.precondition("%s: none of the versions %s is supported (up to %s)",
                        what, candidates, CniVersion.IMPLEMENTED));
    }

    private static boolean disableCheck(ObjectNode root, String what) {
        JsonNode v = root.get("disableCheck");
        if (v == null) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText().toLowerCase(java.util.Locale.ROOT));
        }
        throw HakoException.precondition("%s: invalid disableCheck %s (true or false)", what, v);
    }

    private static CniPlugin plugin(JsonNode node, String what) {
        if (!(node instanceof ObjectNode o)) {
            throw HakoException.precondition("%s: expected a JSON object", what);
        }
        JsonNode type = o.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            throw HakoException.precondition("%s: missing plugin \"type\"", what);
        }
        if (!CniPlugin.isValidType(type.asText())) {
            throw HakoException.precondition("%s: invalid plugin type \"%s\" (the name of a file in the CNI bin dirs)",
                    what, type.asText());
        }
        Set<String> capabilities = new HashSet<>();
        JsonNode caps = o.get("capabilities");
        if (caps != null) {
            if (!caps.isObject()) {
                throw HakoException.precondition("%s: \"capabilities\" must be an object of booleans", what);
            }
            for (Map.Entry<String, JsonNode> e : caps.properties()) {
                if (e.getValue().asBoolean(false)) {
                    capabilities.add(e.getKey());
                }
            }
        }
        return new CniPlugin(type.asText(), capabilities, new String(CniJson.bytes(o), StandardCharsets.UTF_8));
    }
}
