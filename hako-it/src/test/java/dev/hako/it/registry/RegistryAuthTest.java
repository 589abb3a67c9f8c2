package dev.hako.it.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Reference;
import dev.hako.registry.CredentialStore;
import dev.hako.registry.Credentials;
import dev.hako.registry.DockerConfigFile;
import dev.hako.registry.FetchedManifest;
import dev.hako.registry.MemoryCredentialStore;
import dev.hako.registry.RegistryClient;
import dev.hako.registry.RegistryConfig;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import dev.hako.testkit.registry.TokenServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token auth (through a real token server) and Basic auth (htpasswd) against a real registry. */
class RegistryAuthTest {
    private static RegistryClient clientFor(String host, String user, String password) {
        return new RegistryClient(RegistryConfig.empty(),
                new MemoryCredentialStore(Map.of(host, new Credentials(user, password))));
    }

    private static RegistryClient anonymous() {
        return new RegistryClient(RegistryConfig.empty(), CredentialStore.none());
    }

    /** Pushes a one-layer image with hako's client and returns its manifest bytes. */
    private static byte[] pushImage(RegistryClient client, Reference ref) {
        byte[] layer = ("layer of " + ref).getBytes(StandardCharsets.UTF_8);
        Descriptor l = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(layer), layer.length);
        client.pushBlob(ref, l, () -> new ByteArrayInputStream(layer), null);
        byte[] config = RegistryWriter.configJson(l.digest());
        Descriptor c = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length);
        client.pushBlob(ref, c, () -> new ByteArrayInputStream(config), null);
        byte[] manifest = RegistryWriter.manifestJson(c, List.of(l));
        client.pushManifest(ref, MediaTypes.OCI_MANIFEST, manifest);
        return manifest;
    }

    @Nested
    class Token {
        @Test
        void pushAndPullWithATokenFromTheTokenServer() throws Exception {
            try (TokenServer tokens = TokenServer.builder().user("alice", "s3cret").start();
                 LocalRegistry registry = LocalRegistry.builder().tokenAuth(tokens).start();
                 RegistryClient alice = clientFor(registry.host(), "alice", "s3cret")) {
                Reference ref = Reference.parse(registry.host() + "/team/app:1");
                byte[] manifest = pushImage(alice, ref);

                FetchedManifest fetched = alice.fetchManifest(ref);
                assertArrayEquals(manifest, fetched.bytes());
                try (InputStream in = alice.openBlob(ref, new Descriptor(MediaTypes.OCI_LAYER_GZIP,
                        Digest.sha256(("layer of " + ref).getBytes(StandardCharsets.UTF_8)), ("layer of " + ref).length()))) {
                    assertEquals("layer of " + ref, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                assertTrue(tokens.requestCount() >= 1, "the token server was used");
                assertEquals(new TokenServer.Grant("alice", List.of("team/app:pull,push")), tokens.grants().getFirst());
                // One pull,push token serves the whole push and the pull after it: it is cached.
                assertEquals(1, tokens.requestCount(), tokens.grants().toString());
            }
        }

        @Test
        void wrongPasswordIsUnauthenticated() {
            try (TokenServer tokens = TokenServer.builder().user("alice", "s3cret").start();
                 LocalRegistry registry = LocalRegistry.builder().tokenAuth(tokens).start();
                 RegistryClient mallory = clientFor(registry.host(), "alice", "guess")) {
                HakoException e = assertThrows(HakoException.class,
                        () -> mallory.fetchManifest(Reference.parse(registry.host() + "/app:1")));
                assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
                assertEquals("pull access denied for " + registry.host() + "/app: the token server "
                        + tokens.realm().getRawAuthority() + " refused user alice: HTTP 401 Unauthorized: "
                        + "incorrect username or password", e.getMessage());
                assertEquals(1, tokens.requestCount());
            }
        }

        @Test
        void anonymousIsRefusedUnlessTheServerAllowsPulls() {
            try (TokenServer tokens = TokenServer.builder().user("alice", "s3cret").start();
                 LocalRegistry registry = LocalRegistry.builder().tokenAuth(tokens).start();
                 RegistryClient alice = clientFor(registry.host(), "alice", "s3cret");
                 RegistryClient anon = anonymous()) {
                Reference ref = Reference.parse(registry.host() + "/app:1");
                pushImage(alice, ref);
                HakoException e = assertThrows(HakoException.class, () -> anon.fetchManifest(ref));
                assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
                assertEquals("pull access denied for " + registry.host() + "/app: authentication required", e.getMessage());
            }
        }

        @Test
        void anonymousPullsButCannotPush() {
            try (TokenServer tokens = TokenServer.builder().user("alice", "s3cret").allowAnonymousPull().start();
                 LocalRegistry registry = LocalRegistry.builder().tokenAuth(tokens).start();
                 RegistryClient alice = clientFor(registry.host(), "alice", "s3cret");
                 RegistryClient anon = anonymous()) {
                Reference ref = Reference.parse(registry.host() + "/public:1");
                byte[] manifest = pushImage(alice, ref);
                assertArrayEquals(manifest, anon.fetchManifest(ref).bytes());

                HakoException e = assertThrows(HakoException.class, () -> pushImage(anon, Reference.parse(registry.host() + "/public:2")));
                assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
                assertTrue(e.getMessage().startsWith("push access denied for " + registry.host() + "/public: "), e.getMessage());
            }
        }

        @Test
        void loginChecksTheCredentialsWithTheTokenServer() {
            try (TokenServer tokens = TokenServer.builder().user("alice", "s3cret").start();
                 LocalRegistry registry = LocalRegistry.builder().tokenAuth(tokens).start();
                 RegistryClient client = anonymous()) {
                assertDoesNotThrow(() -> client.checkLogin(registry.host(), new Credentials("alice", "s3cret")));
                assertEquals("alice", tokens.grants().getLast().account());
                HakoException e = assertThrows(HakoException.class,
                        () -> client.checkLogin(registry.host(), new Credentials("alice", "nope")));
                assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
                assertTrue(e.getMessage().startsWith("login to " + registry.host() + " failed"), e.getMessage());
            }
        }
    }

    @Nested
    class Basic {
        @Test
        void pushAndPullWithBasicAuth() {
            try (LocalRegistry registry = LocalRegistry.builder().basicAuth("bob", "hunter2").start();
                 RegistryClient bob = clientFor(registry.host(), "bob", "hunter2")) {
                Reference ref = Reference.parse(registry.host() + "/app:1");
                byte[] manifest = pushImage(bob, ref);
                assertArrayEquals(manifest, bob.fetchManifest(ref).bytes());
            }
        }

        @Test
        void anonymousAccessIsRefused() {
            try (LocalRegistry registry = LocalRegistry.builder().basicAuth("bob", "hunter2").start();
                 RegistryClient bob = clientFor(registry.host(), "bob", "hunter2");
                 RegistryClient anon = anonymous()) {
                Reference ref = Reference.parse(registry.host() + "/app:1");
                pushImage(bob, ref);
                HakoException e = assertThrows(HakoException.class, () -> anon.fetchManifest(ref));
                assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
                assertEquals("pull access denied for " + registry.host() + "/app: authentication required", e.getMessage());
            }
        }

        @Test
        void wrongPasswordIsUnauthenticated() {
            try (LocalRegistry registry = LocalRegistry.builder().basicAuth("bob", "hunter2").start();
                 RegistryClient mallory = clientFor(registry.host(), "bob", "wrong")) {
                HakoException e = assertThrows(HakoException.class,
                        () -> mallory.fetchManifest(Reference.parse(registry.host() + "/app:1")));
                assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
                assertTrue(e.getMessage().startsWith("pull access denied for " + registry.host()
                        + "/app: the credentials of user bob were refused"), e.getMessage());
            }
        }

        @Test
        void loginAndCredentialsFromDockersConfigFile(@TempDir Path home) {
            try (LocalRegistry registry = LocalRegistry.builder().basicAuth("bob", "hunter2").start()) {
                DockerConfigFile file = new DockerConfigFile(home.resolve(".docker/config.json"));
                try (RegistryClient client = new RegistryClient(RegistryConfig.empty(), file)) {
                    HakoException e = assertThrows(HakoException.class,
                            () -> client.checkLogin(registry.host(), new Credentials("bob", "wrong")));
                    assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
                    Credentials bob = new Credentials("bob", "hunter2");
                    client.checkLogin(registry.host(), bob);
                    file.put(registry.host(), bob); // as `hako login` does after the check
                    Reference ref = Reference.parse(registry.host() + "/app:1");
                    assertArrayEquals(pushImage(client, ref), client.fetchManifest(ref).bytes());
                }
                String auth = Base64.getEncoder().encodeToString("bob:hunter2".getBytes(StandardCharsets.UTF_8));
                assertTrue(assertDoesNotThrow(() -> java.nio.file.Files.readString(file.path())).contains(auth));
            }
        }
    }
}
