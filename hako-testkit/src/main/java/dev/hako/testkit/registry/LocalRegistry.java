package dev.hako.testkit.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.mindrot.jbcrypt.BCrypt;

/**
 * A real registry (Debian's {@code docker-registry}, CNCF distribution 2.8) on 127.0.0.1 and a free
 * port, with its storage in a temporary directory; close() stops it and deletes the directory.
 * It accepts Docker schema 1 pushes, so tests can check that hako refuses them.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final Process process;
    private final int port;

    /** A registry anyone may pull from and push to. */
    public static LocalRegistry start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String user;
        private String password;
        private TokenServer tokens;
        private URI tokenRealm;
        private URI redirectBlobsTo;
        private boolean layerUrls;

        private Builder() {}

        /**
         * Accepts manifests whose layer descriptors name {@code urls} (foreign or non-distributable
         * layers, fetched from elsewhere by the clients that honour them), which the registry refuses
         * by default.
         */
        public Builder acceptLayerUrls() {
            this.layerUrls = true;
            return this;
        }

        /** HTTP Basic auth with one user, from an htpasswd file (bcrypt, the only hash the registry takes). */
        public Builder basicAuth(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** The distribution spec's token auth, with tokens from {@code tokens}. */
        public Builder tokenAuth(TokenServer tokens) {
            this.tokens = tokens;
            return this;
        }

        /**
         * The realm the registry's challenges name instead of the token server's own: a registry
         * that sends clients, and their credentials, somewhere else. Tokens of {@link #tokenAuth}'s
         * server are still the ones it accepts.
         */
        public Builder tokenRealm(URI realm) {
            this.tokenRealm = realm;
            return this;
        }

        /**
         * Blob downloads answer 307 to {@code baseUrl} + the blob's storage path (the registry's
         * {@code redirect} storage middleware), as registries backed by an object store do.
         * See {@link StorageServer}.
         */
        public Builder redirectBlobsTo(URI baseUrl) {
            this.redirectBlobsTo = baseUrl;
            return this;
        }

        public LocalRegistry start() {
            if (user != null && tokens != null) {
                throw new IllegalArgumentException("a registry has either Basic or token auth, not both");
            }
            if (tokenRealm != null && tokens == null) {
                throw new IllegalArgumentException("a token realm needs token auth");
            }
            return new LocalRegistry(this);
        }
    }

    private LocalRegistry(Builder b) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: the registry tests need Debian's docker-registry "
                    + "(apt-get install docker-registry)");
        }
        dir = TempDirs.create("hako-registry-");
        Process started = null;
        int boundPort = -1;
        try {
            for (int attempt = 1; started == null; attempt++) {
                boundPort = freePort();
                Path config = dir.resolve("config.yml");
                Files.writeString(config, config(b, boundPort));
                Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("registry.log").toFile())
                        .start();
                if (waitUntilReady(p, boundPort)) {
                    started = p;
                } else {
                    stop(p);
                    // Another process may have taken the port between our probe and the registry's bind.
                    if (attempt >= START_ATTEMPTS || !log().contains("address already in use")) {
                        throw new IllegalStateException("docker-registry did not start on 127.0.0.1:" + boundPort
                                + "; its log:\n" + log());
                    }
                }
            }
        } catch (IOException e) {
            TempDirs.delete(dir);
            throw new UncheckedIOException("cannot start docker-registry", e);
        } catch (RuntimeException e) {
            TempDirs.delete(dir);
            throw e;
        }
        process = started;
        port = boundPort;
        Cleanup.register(this);
    }

    /** {@code 127.0.0.1:PORT}, the registry host as references name it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create("http://" + host());
    }

    public int port() {
        return port;
    }

    /** The storage driver's root directory. */
    public Path storage() {
        return dir.resolve("storage");
    }

    /** What the registry has logged so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Cleanup.unregister(this);
        stop(process);
        TempDirs.delete(dir);
    }

    private String config(Builder b, int port) throws IOException {
        StringBuilder yml = new StringBuilder("""
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:%d
                  secret: %s
                compatibility:
                  schema1:
                    enabled: true
                """.formatted(storage(), port, UUID.randomUUID()));
        if (b.redirectBlobsTo != null) {
            yml.append("""
                    middleware:
                      storage:
                        - name: redirect
                          options:
                            baseurl: %s
                    """.formatted(b.redirectBlobsTo));
        }
        if (b.layerUrls) {
            yml.append("""
                    validation:
                      manifests:
                        urls:
                          allow:
                            - ^https?://
                    """);
        }
        if (b.user != null) {
            Path htpasswd = dir.resolve("htpasswd");
            // Cost 4 (bcrypt's least) keeps each request's password check cheap.
            Files.writeString(htpasswd, b.user + ":" + BCrypt.hashpw(b.password, BCrypt.gensalt(4)) + "\n");
            yml.append("""
                    auth:
                      htpasswd:
                        realm: hako-test-registry
                        path: %s
                    """.formatted(htpasswd));
        } else if (b.tokens != null) {
            yml.append("""
                    auth:
                      token:
                        realm: %s
                        service: %s
                        issuer: %s
                        rootcertbundle: %s
                    """.formatted(b.tokenRealm != null ? b.tokenRealm : b.tokens.realm(), b.tokens.service(), b.tokens.issuer(),
                    b.tokens.rootCertBundle()));
        }
        return yml.toString();
    }

    /** Polls {@code GET /v2/} until the registry answers (200, or 401 when it wants auth). */
    private static boolean waitUntilReady(Process p, int port) {
        URI v2 = URI.create("http://127.0.0.1:" + port + "/v2/");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    return false;
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(v2).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 401) {
                        return true;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return s.getLocalPort();
        }
    }

    private static void stop(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LocalRegistry[" + host() + "]";
    }
}
