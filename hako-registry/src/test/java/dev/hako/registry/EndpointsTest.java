package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    private static final RegistryConfig DEFAULTS = RegistryConfig.empty();

    @Test
    void dockerHubIsServedByRegistry1() {
        Endpoint e = Endpoints.forHost(DEFAULTS, "docker.io");
        assertEquals(URI.create("https://registry-1.docker.io/v2"), e.root());
        assertEquals(Endpoint.Tls.VERIFIED, e.tls());
        assertEquals("docker.io", e.credentialHost());
    }

    @Test
    void remoteHostsUseVerifiedTls() {
        Endpoint e = Endpoints.forHost(DEFAULTS, "quay.io");
        assertEquals(URI.create("https://quay.io/v2"), e.root());
        assertEquals(Endpoint.Tls.VERIFIED, e.tls());
        assertEquals(URI.create("https://registry.example:5000/v2/app/manifests/1"),
                Endpoints.forHost(DEFAULTS, "registry.example:5000").resolve("app/manifests/1"));
    }

    @Test
    void loopbackHostsUsePlainHttp() {
        for (String host : List.of("localhost", "localhost:5000", "127.0.0.1:5000", "127.1.2.3:80", "[::1]:5000")) {
            Endpoint e = Endpoints.forHost(DEFAULTS, host);
            assertEquals("http", e.root().getScheme(), host);
            assertEquals(URI.create("http://" + host + "/v2"), e.root());
        }
    }

    @Test
    void namesThatMerelyLookLikeLoopbackAreRemote() {
        for (String host : List.of("localhost.example.com", "127.0.0.1.nip.io", "10.0.0.1:5000", "[fe80::1]:5000",
                "my-localhost:5000", "128.0.0.1")) {
            assertFalse(Hosts.isLoopback(host), host);
            assertEquals("https", Endpoints.forHost(DEFAULTS, host).root().getScheme(), host);
        }
    }

    @Test
    void insecureHostsTryUnverifiedTlsThenPlainHttp() {
        RegistryConfig config = RegistryConfig.of(new RegistryHost("registry.lan:5000", List.of(), true));
        Endpoint e = Endpoints.forHost(config, "registry.lan:5000");
        assertEquals(URI.create("https://registry.lan:5000/v2"), e.root());
        assertEquals(Endpoint.Tls.UNVERIFIED_THEN_PLAIN, e.tls());
    }

    @Test
    void mirrorsComeFirstInOrderThenTheHost() {
        RegistryConfig config = RegistryConfig.of(new RegistryHost("docker.io", List.of(
                URI.create("http://127.0.0.1:5001"), URI.create("https://mirror.example/"),
                URI.create("https://cache.example/registry/v2/")), false));
        List<Endpoint> pull = Endpoints.forPull(config, "docker.io");
        assertEquals(List.of(URI.create("http://127.0.0.1:5001/v2"), URI.create("https://mirror.example/v2"),
                URI.create("https://cache.example/registry/v2"), URI.create("https://registry-1.docker.io/v2")),
                pull.stream().map(Endpoint::root).toList());
        assertEquals(List.of(true, true, true, false), pull.stream().map(Endpoint::mirror).toList());
        assertEquals("127.0.0.1:5001", pull.getFirst().credentialHost());
        // Pushes and logins go to the host itself.
        assertEquals(URI.create("https://registry-1.docker.io/v2"), Endpoints.forHost(config, "docker.io").root());
    }

    @Test
    void configUnderAnAliasOfDockerHubApplies() {
        RegistryConfig config = RegistryConfig.of(new RegistryHost("index.docker.io", List.of(URI.create("http://127.0.0.1:5001")), false));
        assertEquals(2, Endpoints.forPull(config, "docker.io").size());
    }

    @Test
    void httpsMirrorIsUnverifiedOnlyWhenItsOwnHostIsInsecure() {
        RegistryConfig config = RegistryConfig.of(
                new RegistryHost("docker.io", List.of(URI.create("https://mirror.lan")), false),
                new RegistryHost("mirror.lan", List.of(), true));
        assertEquals(Endpoint.Tls.UNVERIFIED, Endpoints.forPull(config, "docker.io").getFirst().tls());
        RegistryConfig strict = RegistryConfig.of(new RegistryHost("docker.io", List.of(URI.create("https://mirror.lan")), false));
        assertEquals(Endpoint.Tls.VERIFIED, Endpoints.forPull(strict, "docker.io").getFirst().tls());
    }

    @Test
    void serverOverrideReplacesTheUsualAddress() {
        RegistryConfig config = RegistryConfig.of(new RegistryHost("docker.io", List.of(), false, URI.create("http://127.0.0.1:9")));
        Endpoint e = Endpoints.forHost(config, "docker.io");
        assertEquals(URI.create("http://127.0.0.1:9/v2"), e.root());
        assertEquals("docker.io", e.credentialHost());
    }

    @Test
    void badMirrorUrlsAreRefused() {
        for (String bad : List.of("ftp://x", "localhost:5000", "//127.0.0.1:5000", "http://x?y=1", "http://user:pw@x")) {
            HakoException e = assertThrows(HakoException.class,
                    () -> new RegistryHost("docker.io", List.of(URI.create(bad)), false));
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().contains("mirror"), e.getMessage());
        }
        assertThrows(HakoException.class, () -> RegistryHost.plain("http://x"));
    }
}
