package dev.hako.testkit.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hako.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token server of the distribution spec's token auth, for a {@link LocalRegistry} started with
 * {@link LocalRegistry.Builder#tokenAuth}. It issues RS256 JWTs signed with a key made at start
 * (by keytool, into a temporary PKCS12), with the certificate in the {@code x5c} header; the registry
 * trusts that certificate through {@link #rootCertBundle()}. Users given to the builder get the
 * actions they ask for; anonymous callers get pulls if allowed, else a token that grants nothing (as
 * Docker Hub does). Wrong credentials get 401.
 */
public final class TokenServer implements AutoCloseable {
    /** One token handed out: to whom ({@code null} for anonymous) and what it allows. */
    public record Grant(String account, List<String> access) {}

    private static final Set<String> KNOWN_ACTIONS = Set.of("pull", "push", "delete", "*");

    private final Map<String, String> users;
    private final Map<String, String> refreshTokens;
    private final boolean anonymousPull;
    private final String service;
    private final String issuer;
    private final Path dir;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Grant> grants = new CopyOnWriteArrayList<>();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, String> users = new HashMap<>();
        private final Map<String, String> refreshTokens = new HashMap<>();
        private boolean anonymousPull;
        private String service = "hako-test-registry";

        private Builder() {}

        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** An OAuth2 refresh token (docker's identity token) that stands for {@code account}. */
        public Builder refreshToken(String token, String account) {
            refreshTokens.put(token, account);
            return this;
        }

        /** Anonymous callers may pull (and only pull). */
        public Builder allowAnonymousPull() {
            anonymousPull = true;
            return this;
        }

        public Builder service(String name) {
            service = name;
            return this;
        }

        public TokenServer start() {
            return new TokenServer(this);
        }
    }

    private TokenServer(Builder b) {
        this.users = Map.copyOf(b.users);
        this.refreshTokens = Map.copyOf(b.refreshTokens);
        this.anonymousPull = b.anonymousPull;
        this.service = b.service;
        this.issuer = "hako-test-token-server";
        this.dir = TempDirs.create("hako-token-server-");
        try {
            KeyStore store = generateKey(dir);
            this.key = (PrivateKey) store.getKey("token", STORE_PASSWORD);
            this.cert = (X509Certificate) store.getCertificate("token");
            writePem(dir.resolve("root.pem"), cert);
            this.executor = Executors.newVirtualThreadPerTaskExecutor();
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException | GeneralSecurityException e) {
            TempDirs.delete(dir);
            throw new IllegalStateException("cannot start the token server: " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
        Cleanup.register(this);
    }

    /** Where the registry sends clients for tokens: {@code http://127.0.0.1:PORT/token}. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return issuer;
    }

    /** The PEM certificate the registry trusts token signatures with. */
    public Path rootCertBundle() {
        return dir.resolve("root.pem");
    }

    /** How many requests this server answered, refused ones included. */
    public int requestCount() {
        return requests.get();
    }

    /** The tokens handed out, oldest first. */
    public List<Grant> grants() {
        return List.copyOf(grants);
    }

    /** A token for {@code repository} (a path such as {@code app}) as this server would issue it; for test set-up. */
    public String issue(String repository, String... actions) {
        return jwt("test", List.of(new Access(repository, List.of(actions))));
    }

    @Override
    public void close() {
        Cleanup.unregister(this);
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.delete(dir);
    }

    private record Access(String repository, List<String> actions) {}

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            boolean post = exchange.getRequestMethod().equals("POST");
            if (!post && !exchange.getRequestMethod().equals("GET")) {
                reply(exchange, 405, "{\"details\":\"GET or POST only\"}");
                return;
            }
            // OAuth2 (distribution's token spec): a form POST with grant_type=refresh_token.
            Map<String, List<String>> query = post
                    ? query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    : query(exchange.getRequestURI().getRawQuery());
            if (!List.of(service).equals(query.getOrDefault("service", List.of(service)))) {
                reply(exchange, 400, "{\"details\":\"unknown service\"}");
                return;
            }
            String account = null;
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            if (post) {
                String refresh = query.getOrDefault("refresh_token", List.of("")).getFirst();
                account = "refresh_token".equals(query.getOrDefault("grant_type", List.of("")).getFirst())
                        ? refreshTokens.get(refresh) : null;
                if (account == null) {
                    reply(exchange, 401, "{\"details\":\"invalid refresh token\"}");
                    return;
                }
            } else if (header != null) {
                account = checkBasic(header);
                if (account == null) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"hako test token server\"");
                    reply(exchange, 401, "{\"details\":\"incorrect username or password\"}");
                    return;
                }
            }
            boolean authenticated = post || header != null;
            List<Access> granted = new ArrayList<>();
            for (String scopes : query.getOrDefault("scope", List.of())) {
                for (String scope : scopes.split(" ")) {
                    Access asked = parseScope(scope);
                    if (asked == null) {
                        continue;
                    }
                    List<String> allowed = asked.actions().stream()
                            .filter(KNOWN_ACTIONS::contains)
                            .filter(a -> authenticated || (anonymousPull && a.equals("pull")))
                            .toList();
                    if (!allowed.isEmpty()) {
                        granted.add(new Access(asked.repository(), allowed));
                    }
                }
            }
            grants.add(new Grant(account, granted.stream().map(a -> a.repository() + ":" + String.join(",", a.actions())).toList()));
            String token = jwt(account == null ? "" : account, granted);
            ObjectNode body = Json.MAPPER.createObjectNode()
                    .put("token", token)
                    .put("access_token", token)
                    .put("expires_in", 300)
                    .put("issued_at", Instant.now().toString());
            reply(exchange, 200, body.toString());
        }
    }

    /** The account of a valid {@code Basic} header, else null. */
    private String checkBasic(String header) {
        if (!header.startsWith("Basic ")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        return decoded.substring(colon + 1).equals(users.get(user)) ? user : null;
    }

    /** {@code repository:app:pull,push}; the name may hold no ':' but the type and actions are split off the ends. */
    private static Access parseScope(String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first < 0 || last <= first || !scope.substring(0, first).equals("repository")) {
            return null;
        }
        return new Access(scope.substring(first + 1, last), List.of(scope.substring(last + 1).split(",")));
    }

    private String jwt(String subject, List<Access> access) {
        try {
            ObjectNode header = Json.MAPPER.createObjectNode().put("typ", "JWT").put("alg", "RS256");
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
            long now = Instant.now().getEpochSecond();
            ObjectNode claims = Json.MAPPER.createObjectNode()
                    .put("iss", issuer)
                    .put("sub", subject)
                    .put("aud", service) // distribution 2.8 reads a single audience string
                    .put("exp", now + 300)
                    .put("nbf", now - 30)
                    .put("iat", now - 30)
                    .put("jti", UUID.randomUUID().toString());
            ArrayNode accessNode = claims.putArray("access");
            for (Access a : access) {
                ObjectNode entry = accessNode.addObject().put("type", "repository").put("name", a.repository());
                a.actions().forEach(entry.putArray("actions")::add);
            }
            String signingInput = b64url(Json.MAPPER.writeValueAsBytes(header)) + "." + b64url(Json.MAPPER.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64url(rs256.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static final char[] STORE_PASSWORD = "hako-test".toCharArray();

    /** keytool makes the self-signed certificate: the JDK has no public API to create one. */
    private static KeyStore generateKey(Path dir) throws IOException, GeneralSecurityException {
        Path store = dir.resolve("token.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "token", "-keyalg", "RSA",
                "-keysize", "2048", "-sigalg", "SHA256withRSA", "-dname", "CN=hako test token server",
                "-startdate", "-1d", "-validity", "7", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD), "-noprompt")
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, STORE_PASSWORD);
        }
        return ks;
    }

    private static void writePem(Path file, X509Certificate cert) throws IOException, GeneralSecurityException {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(file, pem);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
