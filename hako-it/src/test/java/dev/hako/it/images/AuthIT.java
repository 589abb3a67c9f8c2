package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.Blob;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import dev.hako.testkit.registry.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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

    private static void assertStored(Path auth, String host) throws Exception {
        JsonNode config = Json.MAPPER.readTree(Files.readString(auth));
        String encoded = config.path("auths").path(host).path("auth").asText();
        assertEquals(USER + ":" + PASSWORD, new String(Base64.getDecoder().decode(encoded)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)));
    }
}
