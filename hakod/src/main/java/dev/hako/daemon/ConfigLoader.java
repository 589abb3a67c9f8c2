package dev.hako.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.hako.errdefs.HakoException;
import dev.hako.registry.RegistryConfig;
import dev.hako.registry.RegistryHost;
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
    private static final Set<String> TOP = Set.of("images", "registries", "auth");
    private static final Set<String> IMAGES = Set.of("max_concurrent_downloads");
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

        int downloads = defaults.images().maxConcurrentDownloads();
        JsonNode images = table(root, "images", source);
        if (images != null) {
            checkKeys(images, IMAGES, "images.", source);
            JsonNode n = images.get("max_concurrent_downloads");
            if (n != null) {
                if (!n.isInt() || n.asInt() < 1 || n.asInt() > 64) {
                    throw HakoException.invalid("%s: images.max_concurrent_downloads must be an integer from 1 to 64, not %s",
                            source, n);
                }
                downloads = n.asInt();
            }
        }

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
        return new HakoConfig(HakoConfig.images(downloads), new RegistryConfig(hosts), authFile);
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
