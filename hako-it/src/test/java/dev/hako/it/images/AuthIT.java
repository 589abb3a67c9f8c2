package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.oci.Json;
import dev.hako.oci.MediaTypes;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.Blob;
import dev.hako.testkit.images.ImageFormat;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import dev.hako.testkit.registry.StorageServer;
import dev.hako.testkit.registry.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hako login, then pulls and pushes through a registry that wants a Bearer token (from a token
 * server in the test) or HTTP Basic credentials. Credentials land in hakod's docker-format file.
 */
class AuthIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-pass";

    private static String configFor(Path auth) {
        return "[auth]\nconfig_file = \"" + auth + "\"\n";
    }

    private static TestImage image(String content) {
        return TestImage.builder().layer(new LayerBuilder().file("who", content)).build();
    }

    private static void push(RegistryWriter w, String repo, String tag, TestImage image) {
        for (Blob b : image.blobs()) {
            w.pushBlob(repo, b.mediaType(), b.bytes());
        }
        w.pushManifest(repo, tag, image.manifest().mediaType(), image.manifest().bytes());
    }

    @Test
    void tokenAuth() throws Exception {
        RootCheck.requireRoot();
        Path dir = Files.createTempDirectory("hako-it-auth-");
        Path auth = dir.resolve("config.json");
        try (TokenServer tokens = TokenServer.builder().user(USER, PASSWORD).start();
             LocalRegistry registry = LocalRegistry.builder().tokenAuth(tokens).start();
             RegistryWriter w = new RegistryWriter(registry.url(), "Bearer " + tokens.issue("it/private", "pull", "push"));
             HakoDaemon hakod = HakoDaemon.start(configFor(auth))) {
            TestImage image = image("token\n");
            push(w, "it/private", "1", image);
            String ref = registry.host() + "/it/private:1";

            CliResult anonymous = hakod.hako("pull", ref);
            assertEquals(1, anonymous.exitCode(), anonymous.toString());
            assertTrue(anonymous.stderr().contains("authentication required") || anonymous.stderr().contains("denied"),
                    anonymous.toString());

            CliResult wrong = hakod.hako("login", "-u", USER, "-p", "wrong", registry.host());
            assertEquals(1, wrong.exitCode(), wrong.toString());
            assertFalse(Files.exists(auth), "refused credentials were stored");

            int before = tokens.requestCount();
            hakod.hako("login", "-u", USER, "-p", PASSWORD, registry.host()).requireSuccess();
            assertStored(auth, registry.host());

            hakod.hako("pull", ref).requireSuccess();
            assertTrue(tokens.requestCount() > before, "the token server was not asked");
            assertTrue(tokens.grants().stream().anyMatch(g -> USER.equals(g.account())), tokens.grants().toString());

            String pushed = registry.host() + "/it/private:copy";
            hakod.hako("tag", ref, pushed).requireSuccess();
            CliResult push = hakod.hako("push", pushed).requireSuccess();
            assertTrue(push.stdout().contains("copy: digest: " + image.manifest().digest()), push.stdout());

            CliResult logout = hakod.hako("logout", registry.host()).requireSuccess();
            assertTrue(logout.stdout().contains("Removing login credentials for " + registry.host()), logout.stdout());
            hakod.hako("rmi", ref).requireSuccess();
            assertEquals(1, hakod.hako("pull", ref).exitCode(), "a pull after logout should need credentials again");
        } finally {
            Files.deleteIfExists(auth);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void basicAuth() throws Exception {
        RootCheck.requireRoot();
        Path dir = Files.createTempDirectory("hako-it-auth-");
        Path auth = dir.resolve("config.json");
        try (LocalRegistry registry = LocalRegistry.builder().basicAuth(USER, PASSWORD).start();
             RegistryWriter w = new RegistryWriter(registry.url(),
                     "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()));
             HakoDaemon hakod = HakoDaemon.start(configFor(auth))) {
            push(w, "it/basic", "1", image("basic\n"));
            String ref = registry.host() + "/it/basic:1";
            assertEquals(1, hakod.hako("pull", ref).exitCode());
            assertEquals(1, hakod.hako("login", "-u", USER, "-p", "nope", registry.host()).exitCode());
            CliResult login = hakod.hako(new java.io.ByteArrayInputStream((PASSWORD + "\n").getBytes()),
                    "login", "-u", USER, "--password-stdin", registry.host()).requireSuccess();
            assertTrue(login.stdout().contains("Login Succeeded"), login.stdout());
            assertStored(auth, registry.host());
            hakod.hako("pull", ref).requireSuccess();
        } finally {
            Files.deleteIfExists(auth);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void credentialsAreNotSentToAPlainHttpRealmOnAnotherHost() throws Exception {
        RootCheck.requireRoot();
        Path dir = Files.createTempDirectory("hako-it-auth-");
        Path auth = dir.resolve("config.json");
        // The registry is on loopback (plain HTTP is fine there), but it names a token realm on a
        // plain-HTTP host that is neither loopback nor marked insecure: the password must not go there.
        // The name cannot resolve (.invalid), and hako must refuse before it tries.
        try (TokenServer tokens = TokenServer.builder().user(USER, PASSWORD).start();
             LocalRegistry registry = LocalRegistry.builder().tokenAuth(tokens)
                     .tokenRealm(java.net.URI.create("http://example.invalid/token")).start();
             RegistryWriter w = new RegistryWriter(registry.url(), "Bearer " + tokens.issue("it/lured", "pull", "push"));
             HakoDaemon hakod = HakoDaemon.start(configFor(auth))) {
            push(w, "it/lured", "1", image("lured\n"));
            // As hako login would have stored them before the registry changed its realm.
            Files.writeString(auth, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                    + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()) + "\"}}}");

            CliResult pull = hakod.hako("pull", registry.host() + "/it/lured:1");
            assertEquals(1, pull.exitCode(), pull.toString());
            assertTrue(pull.stderr().contains("refusing to send the credentials for " + registry.host()
                    + " over plain HTTP to example.invalid"), pull.toString());

            CliResult login = hakod.hako("login", "-u", USER, "-p", PASSWORD, registry.host());
            assertEquals(1, login.exitCode(), login.toString());
            assertTrue(login.stderr().contains("over plain HTTP to example.invalid"), login.toString());
            assertEquals(0, tokens.requestCount(), "the token server was asked");
            assertFalse(hakod.hako("images").requireSuccess().stdout().contains("it/lured"));
        } finally {
            Files.deleteIfExists(auth);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * CVE-2020-15157 ("ContainerDrip", containerd): a manifest's layer descriptor may name {@code urls}
     * (foreign layers), and containerd fetched the layer from the first of them with the registry's
     * credentials, sending them to any host the image's author chose. hako fetches every layer from
     * the registry by digest and never reads {@code urls}: a layer the registry has is pulled from it,
     * one it lacks fails the pull naming the layer, and the hosts the urls name hear nothing.
     */
    @Test
    void aLayersUrlsAreNeverFetchedNorSentCredentials() throws Exception {
        RootCheck.requireRoot();
        Path dir = Files.createTempDirectory("hako-it-auth-");
        Path auth = dir.resolve("config.json");
        // The "foreign" host: another loopback address that records every request and its Authorization.
        try (StorageServer foreign = StorageServer.start();
             LocalRegistry registry = LocalRegistry.builder().basicAuth(USER, PASSWORD).acceptLayerUrls().start();
             RegistryWriter w = new RegistryWriter(registry.url(),
                     "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()));
             HakoDaemon hakod = HakoDaemon.start(configFor(auth))) {
            hakod.hako("login", "-u", USER, "-p", PASSWORD, registry.host()).requireSuccess();
            foreign.serve(dir);

            // A layer the registry has, whose descriptor also names URLs elsewhere.
            TestImage image = image("drip\n");
            Blob layer = image.layers().getFirst();
            Files.write(dir.resolve("layer.tar.gz"), layer.bytes());
            for (Blob b : image.blobs()) {
                w.pushBlob("it/drip", b.mediaType(), b.bytes());
            }
            w.pushManifest("it/drip", "1", image.manifest().mediaType(),
                    withUrls(image.manifest().bytes(), 0, null, foreign.url() + "layer.tar.gz", "http://example.invalid/layer.tar.gz"));
            hakod.hako("pull", registry.host() + "/it/drip:1").requireSuccess();
            assertEquals(List.of(), foreign.requests(), "a layer was fetched from its urls");

            // A foreign layer the registry does not have, which only its urls could give.
            TestImage withForeign = TestImage.builder().format(ImageFormat.DOCKER)
                    .layer(new LayerBuilder().file("base", "base\n")).layer(new LayerBuilder().file("foreign", "foreign\n")).build();
            Blob foreignLayer = withForeign.layers().get(1);
            Files.write(dir.resolve("foreign.tar.gz"), foreignLayer.bytes());
            w.pushBlob("it/foreign", withForeign.layers().getFirst().mediaType(), withForeign.layers().getFirst().bytes());
            w.pushBlob("it/foreign", withForeign.config().mediaType(), withForeign.config().bytes());
            w.pushManifest("it/foreign", "1", withForeign.manifest().mediaType(), withUrls(withForeign.manifest().bytes(), 1,
                    MediaTypes.DOCKER_FOREIGN_LAYER_GZIP, foreign.url() + "foreign.tar.gz", "http://example.invalid/foreign.tar.gz"));
            CliResult pull = hakod.hako("pull", registry.host() + "/it/foreign:1");
            assertEquals(1, pull.exitCode(), pull.toString());
            assertTrue(pull.stderr().contains("blob " + foreignLayer.digest() + " in " + registry.host() + "/it/foreign not found"),
                    pull.toString());
            assertTrue(pull.stderr().contains("(the manifest names other URLs for this layer; hako fetches layers from the registry only)"),
                    pull.toString());
            assertEquals(List.of(), foreign.requests(), "a foreign layer was fetched from its urls");
            assertFalse(hakod.hako("images").requireSuccess().stdout().contains("it/foreign"));
        } finally {
            dev.hako.sys.FileTrees.deleteRecursively(dir);
        }
    }

    /** The manifest with {@code urls} (and another media type, unless null) on its layer {@code index}. */
    private static byte[] withUrls(byte[] manifest, int index, String mediaType, String... urls) throws Exception {
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(manifest);
        ObjectNode layer = (ObjectNode) m.get("layers").get(index);
        if (mediaType != null) {
            layer.put("mediaType", mediaType);
        }
        ArrayNode list = layer.putArray("urls");
        for (String u : urls) {
            list.add(u);
        }
        return Json.write(m);
    }

    private static void assertStored(Path auth, String host) throws Exception {
        JsonNode config = Json.MAPPER.readTree(Files.readString(auth));
        String encoded = config.path("auths").path(host).path("auth").asText();
        assertEquals(USER + ":" + PASSWORD, new String(Base64.getDecoder().decode(encoded)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)));
    }
}
