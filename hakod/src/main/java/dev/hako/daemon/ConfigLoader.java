package dev.hako.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.hako.errdefs.HakoException;
import dev.hako.registry.RegistryConfig;
import dev.hako.registry.RegistryHost;
import dev.hako.runtime.HandlerConfig;
import dev.hako.runtime.Isolation;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads hako.toml. Unknown keys are errors that name the key and the file: a misspelt setting
 * silently ignored is worse than a daemon that refuses to start.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_FILE = Path.of("/etc/hako/hako.toml");
    private static final Set<String> TOP = Set.of("images", "registries", "auth", "runtime", "runtimes", "cni", "streaming", "api", "docker");
    private static final Set<String> API = Set.of("gid");
    private static final Set<String> DOCKER = Set.of("socket", "enabled");
    private static final Set<String> CNI = Set.of("conf_dir", "bin_dirs");
    private static final Set<String> STREAMING = Set.of("address");
    private static final Set<String> RUNTIME = Set.of("default_handler", "conmon_path", "cgroup_parent");
    private static final Set<String> HANDLER = Set.of("path", "root", "isolation", "args");
    private static final Set<String> REGISTRY = Set.of("mirrors", "insecure");
    private static final Set<String> AUTH = Set.of("config_file");

    private ConfigLoader() {}

    /** Loads {@code file}; a missing file is an error unless it is the default one, which means defaults. */
    public static HakoConfig load(Path file, boolean explicit) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw HakoException.invalid("config file %s does not exist", file);
            }
            return HakoConfig.defaults();
        } catch (IOException e) {
            throw HakoException.invalid("cannot read config file %s: %s", file, e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static HakoConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (IOException e) {
            throw HakoException.invalid("%s is not valid TOML: %s", source, e.getMessage());
        }
        checkKeys(root, TOP, "", source);
        HakoConfig defaults = HakoConfig.defaults();

        JsonNode imagesTable = table(root, "images", source);
        if (imagesTable != null) {
            checkKeys(imagesTable, ImagesTable.KEYS, "images.", source);
        }
        ImagesTable images = ImagesTable.parse(imagesTable, source);

        Map<String, RegistryHost> hosts = new LinkedHashMap<>();
        JsonNode registries = table(root, "registries", source);
        if (registries != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = registries.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String host = e.getKey();
                JsonNode r = e.getValue();
                if (!r.isObject()) {
                    throw HakoException.invalid("%s: registries.\"%s\" must be a table", source, host);
                }
                checkKeys(r, REGISTRY, "registries.\"" + host + "\".", source);
                List<URI> mirrors = new ArrayList<>();
                JsonNode m = r.get("mirrors");
                if (m != null) {
                    if (!m.isArray()) {
                        throw HakoException.invalid("%s: registries.\"%s\".mirrors must be an array of URLs", source, host);
                    }
                    for (JsonNode url : m) {
                        mirrors.add(mirrorUri(url.asText(), host, source));
                    }
                }
                JsonNode insecure = r.get("insecure");
                if (insecure != null && !insecure.isBoolean()) {
                    throw HakoException.invalid("%s: registries.\"%s\".insecure must be true or false", source, host);
                }
                hosts.put(host, new RegistryHost(host, mirrors, insecure != null && insecure.asBoolean()));
            }
        }

        Path authFile = defaults.authFile();
        JsonNode auth = table(root, "auth", source);
        if (auth != null) {
            checkKeys(auth, AUTH, "auth.", source);
            if (auth.hasNonNull("config_file")) {
                authFile = Path.of(auth.get("config_file").asText());
            }
        }
        return new HakoConfig(images.images(), new RegistryConfig(hosts, images.registryIdleTimeout()), authFile,
                runtime(root, defaults.runtime(), source), cni(root, defaults.cni(), source),
                streaming(root, defaults.streaming(), source), api(root, defaults.api(), source),
                docker(root, defaults.docker(), source));
    }

    private static DockerSettings docker(JsonNode root, DockerSettings defaults, String source) {
        JsonNode docker = table(root, "docker", source);
        if (docker == null) {
            return defaults;
        }
        checkKeys(docker, DOCKER, "docker.", source);
        JsonNode enabled = docker.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw HakoException.invalid("%s: docker.enabled must be true or false, not %s", source, enabled);
        }
        Path socket = optionalPath(docker, "socket", "docker", source);
        return new DockerSettings(socket != null ? socket : defaults.socket(),
                enabled == null ? defaults.enabled() : enabled.asBoolean());
    }

    private static ApiSettings api(JsonNode root, ApiSettings defaults, String source) {
        JsonNode api = table(root, "api", source);
        if (api == null) {
            return defaults;
        }
        checkKeys(api, API, "api.", source);
        JsonNode gid = api.get("gid");
        if (gid == null) {
            return defaults;
        }
        if (!gid.isIntegralNumber() || gid.asLong() < 0 || gid.asLong() > Integer.MAX_VALUE) {
            throw HakoException.invalid("%s: api.gid must be a group id (a number, 0 or more), not %s", source, gid);
        }
        return new ApiSettings(gid.asInt());
    }

    private static CniSettings cni(JsonNode root, CniSettings defaults, String source) {
        JsonNode cni = table(root, "cni", source);
        if (cni == null) {
            return defaults;
        }
        checkKeys(cni, CNI, "cni.", source);
        Path confDir = cni.hasNonNull("conf_dir") ? optionalPath(cni, "conf_dir", "cni", source) : defaults.confDir();
        List<Path> binDirs = defaults.binDirs();
        JsonNode dirs = cni.get("bin_dirs");
        if (dirs != null) {
            if (!dirs.isArray() || dirs.isEmpty()) {
                throw HakoException.invalid("%s: cni.bin_dirs must be a non-empty array of absolute paths", source);
            }
            binDirs = new ArrayList<>();
            for (JsonNode d : dirs) {
                if (!d.isTextual() || !d.asText().startsWith("/")) {
                    throw HakoException.invalid("%s: cni.bin_dirs must hold absolute paths, not %s", source, d);
                }
                binDirs.add(Path.of(d.asText()));
            }
        }
        return new CniSettings(confDir, binDirs);
    }

    private static StreamingSettings streaming(JsonNode root, StreamingSettings defaults, String source) {
        JsonNode streaming = table(root, "streaming", source);
        if (streaming == null || !streaming.hasNonNull("address")) {
            if (streaming != null) {
                checkKeys(streaming, STREAMING, "streaming.", source);
            }
            return defaults;
        }
        checkKeys(streaming, STREAMING, "streaming.", source);
        String address = streaming.get("address").asText();
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : "";
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw HakoException.invalid("%s: streaming.address must be HOST:PORT (port 0: chosen at start), not %s",
                    source, address);
        }
        return new StreamingSettings(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host, port);
    }

    private static RuntimeSettings runtime(JsonNode root, RuntimeSettings defaults, String source) {
        Map<String, HandlerConfig> handlers = new LinkedHashMap<>(defaults.handlers());
        JsonNode runtimes = table(root, "runtimes", source);
        if (runtimes != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = runtimes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                JsonNode h = e.getValue();
                String where = "runtimes." + name;
                if (!h.isObject()) {
                    throw HakoException.invalid("%s: %s must be a table", source, where);
                }
                if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
                    throw HakoException.invalid("%s: invalid runtime handler name %s", source, name);
                }
                checkKeys(h, HANDLER, where + ".", source);
                Path path = optionalPath(h, "path", where, source);
                Path handlerRoot = optionalPath(h, "root", where, source);
                Isolation isolation = Isolation.NAMESPACES;
                if (h.hasNonNull("isolation")) {
                    try {
                        isolation = Isolation.parse(h.get("isolation").asText());
                    } catch (HakoException ex) {
                        throw HakoException.invalid("%s: %s.isolation: %s", source, where, ex.getMessage());
                    }
                }
                List<String> args = new ArrayList<>();
                JsonNode a = h.get("args");
                if (a != null) {
                    if (!a.isArray()) {
                        throw HakoException.invalid("%s: %s.args must be an array of strings", source, where);
                    }
                    a.forEach(x -> args.add(x.asText()));
                }
                handlers.put(name, new HandlerConfig(name, path, handlerRoot, isolation, args));
            }
        }
        String defaultHandler = defaults.defaultHandler();
        Path conmon = defaults.conmon();
        String cgroupParent = defaults.cgroupParent();
        JsonNode runtime = table(root, "runtime", source);
        if (runtime != null) {
            checkKeys(runtime, RUNTIME, "runtime.", source);
            if (runtime.hasNonNull("default_handler")) {
                defaultHandler = runtime.get("default_handler").asText();
            }
            conmon = runtime.hasNonNull("conmon_path") ? optionalPath(runtime, "conmon_path", "runtime", source) : conmon;
            if (runtime.hasNonNull("cgroup_parent")) {
                cgroupParent = runtime.get("cgroup_parent").asText();
                if (!cgroupParent.startsWith("/") || cgroupParent.contains("..")) {
                    throw HakoException.invalid("%s: runtime.cgroup_parent must be an absolute cgroup path, not %s",
                            source, cgroupParent);
                }
            }
        }
        if (!handlers.containsKey(defaultHandler)) {
            throw HakoException.invalid("%s: runtime.default_handler %s is not a configured runtime (%s)", source,
                    defaultHandler, String.join(", ", handlers.keySet()));
        }
        return new RuntimeSettings(defaultHandler, handlers, conmon, cgroupParent);
    }

    private static Path optionalPath(JsonNode table, String key, String where, String source) {
        JsonNode n = table.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || !n.asText().startsWith("/")) {
            throw HakoException.invalid("%s: %s.%s must be an absolute path, not %s", source, where, key, n);
        }
        return Path.of(n.asText());
    }

    private static URI mirrorUri(String text, String host, String source) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(text, "expected http:// or https:// and a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw HakoException.invalid("%s: registries.\"%s\".mirrors: invalid URL %s: %s", source, host, text, e.getReason());
        }
    }

    private static JsonNode table(JsonNode root, String name, String source) {
        JsonNode n = root.get(name);
        if (n != null && !n.isObject()) {
            throw HakoException.invalid("%s: %s must be a table", source, name);
        }
        return n;
    }

    private static void checkKeys(JsonNode node, Set<String> known, String prefix, String source) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw HakoException.invalid("%s: unknown setting %s%s", source, prefix, key);
            }
        }
    }
}
