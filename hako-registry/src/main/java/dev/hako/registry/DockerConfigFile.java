package dev.hako.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import dev.hako.oci.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials in docker's {@code config.json}: {@code {"auths": {"host": {"auth": "base64(user:pass)"}}}}, so
 * that {@code hako login} and {@code docker login} share them. Docker Hub is kept under
 * {@code https://index.docker.io/v1/} as docker does. Writes replace the file atomically with mode 0600 and
 * keep every key hako does not know. Credential helpers ({@code credsStore}, {@code credHelpers}) and
 * identity tokens are not used.
 */
public final class DockerConfigFile implements CredentialStore {
    /** The key docker uses for Docker Hub. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final Path path;

    public DockerConfigFile(Path path) {
        this.path = path;
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, as docker looks for it. */
    public static DockerConfigFile defaultLocation() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return new DockerConfigFile(base.resolve("config.json"));
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized Optional<Credentials> get(String host) {
        JsonNode auths = read().path("auths");
        String wanted = Hosts.canonical(host);
        // An exact key first (docker's own spelling), then any key that names the same host.
        JsonNode entry = auths.get(key(host));
        if (entry == null) {
            for (Map.Entry<String, JsonNode> e : auths.properties()) {
                if (hostOfKey(e.getKey()).equals(wanted)) {
                    entry = e.getValue();
                    break;
                }
            }
        }
        return entry == null ? Optional.empty() : decode(host, entry);
    }

    @Override
    public synchronized void put(String host, Credentials credentials) {
        ObjectNode root = read();
        ObjectNode auths = root.has("auths") && root.get("auths").isObject()
                ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeKeysFor(auths, host);
        String auth = Base64.getEncoder().encodeToString(
                (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        auths.putObject(key(host)).put("auth", auth);
        write(root);
    }

    @Override
    public synchronized boolean remove(String host) {
        ObjectNode root = read();
        if (!(root.get("auths") instanceof ObjectNode auths) || !removeKeysFor(auths, host)) {
            return false;
        }
        write(root);
        return true;
    }

    /** The key docker writes for {@code host}. */
    static String key(String host) {
        String canonical = Hosts.canonical(host);
        return canonical.equals(Reference.DOCKER_HUB) ? DOCKER_HUB_KEY : canonical;
    }

    /** The host a key names: keys may be {@code host}, {@code https://host} or {@code https://host/v1/}. */
    static String hostOfKey(String key) {
        String k = key;
        if (k.contains("://")) {
            try {
                String authority = URI.create(k).getRawAuthority();
                if (authority != null) {
                    return Hosts.canonical(authority);
                }
            } catch (IllegalArgumentException e) {
                k = k.substring(k.indexOf("://") + 3);
            }
        }
        int slash = k.indexOf('/');
        return Hosts.canonical(slash < 0 ? k : k.substring(0, slash));
    }

    private static boolean removeKeysFor(ObjectNode auths, String host) {
        String wanted = Hosts.canonical(host);
        List<String> matching = new ArrayList<>();
        for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (hostOfKey(k).equals(wanted)) {
                matching.add(k);
            }
        }
        matching.forEach(auths::remove);
        return !matching.isEmpty();
    }

    private Optional<Credentials> decode(String host, JsonNode entry) {
        String auth = entry.path("auth").asText("");
        String user;
        String pass;
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HakoException.invalid("%s: the auth of %s is not base64", path, host);
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw HakoException.invalid("%s: the auth of %s is not user:password", path, host);
            }
            user = decoded.substring(0, colon);
            pass = decoded.substring(colon + 1);
        } else {
            // Older files keep the two apart.
            user = entry.path("username").asText("");
            pass = entry.path("password").asText("");
            if (user.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Credentials(user, pass));
    }

    private ObjectNode read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (bytes.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw HakoException.invalid("%s is not valid JSON: %s", path, e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof ObjectNode object)) {
            throw HakoException.invalid("%s does not hold a JSON object", path);
        }
        return object;
    }

    /** Writes a temporary file beside the config (0600 from its creation), then renames it over the config. */
    private void write(ObjectNode root) {
        Path dir = path.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = dir.resolve("." + path.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                try {
                    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot write " + path + ": a temporary file is in the way", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
