package dev.hako.it.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Reference;
import dev.hako.registry.CredentialStore;
import dev.hako.registry.FetchedManifest;
import dev.hako.registry.RegistryClient;
import dev.hako.registry.RegistryConfig;
import dev.hako.registry.RegistryHost;
import dev.hako.testkit.registry.FaultyProxy;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker.io through mirrors on 127.0.0.1. docker.io's own endpoint is pointed (with the
 * {@code server} override) at a loopback proxy that refuses everything, so that nothing can leave this
 * machine even if the mirrors fail, and so that the tests can see whether it was asked.
 */
class RegistryMirrorTest {
    private LocalRegistry mirror;
    private FaultyProxy upstream;
    private RegistryWriter.TestImage image;

    @BeforeEach
    void start() {
        mirror = LocalRegistry.start();
        upstream = FaultyProxy.start(mirror.url());
        upstream.failWith(503, "");
        try (RegistryWriter writer = new RegistryWriter(mirror.url())) {
            image = writer.pushImage("library/hako-mirrored", "1.0", 4096);
        }
    }

    @AfterEach
    void stop() {
        upstream.close();
        mirror.close();
    }

    private RegistryClient clientWithMirrors(URI... mirrors) {
        RegistryHost dockerHub = new RegistryHost("docker.io", List.of(mirrors), false, upstream.url());
        return new RegistryClient(RegistryConfig.of(dockerHub), CredentialStore.none());
    }

    @Test
    void dockerHubImageComesFromTheMirror() throws Exception {
        try (RegistryClient client = clientWithMirrors(mirror.url())) {
            Reference ref = Reference.parse("hako-mirrored:1.0");
            assertEquals("docker.io/library/hako-mirrored:1.0", ref.toString());
            FetchedManifest m = client.fetchManifest(ref);
            assertArrayEquals(image.manifestBytes(), m.bytes());
            try (InputStream in = client.openBlob(ref, image.layer())) {
                assertArrayEquals(image.layerBytes(), in.readAllBytes());
            }
            assertEquals(List.of(), upstream.requests(), "the mirror answered, so docker.io was never asked");
        }
    }

    @Test
    void aBrokenMirrorIsPassedOver() {
        try (FaultyProxy broken = FaultyProxy.start(mirror.url());
             LocalRegistry empty = LocalRegistry.start()) {
            broken.failWith(500, "");
            try (RegistryClient client = clientWithMirrors(broken.url(), empty.url(), mirror.url())) {
                FetchedManifest m = client.fetchManifest(Reference.parse("docker.io/library/hako-mirrored:1.0"));
                assertArrayEquals(image.manifestBytes(), m.bytes());
                assertEquals(List.of("GET /v2/library/hako-mirrored/manifests/1.0"), broken.requests());
                assertEquals(List.of(), upstream.requests());
            }
        }
    }

    @Test
    void whenEverythingFailsTheLastEndpointsErrorIsReported() {
        try (LocalRegistry empty = LocalRegistry.start();
             RegistryClient client = clientWithMirrors(empty.url())) {
            HakoException e = assertThrows(HakoException.class,
                    () -> client.fetchManifest(Reference.parse("hako-mirrored:1.0")));
            assertEquals(ErrorKind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().startsWith("registry " + upstream.host() + " failed on manifest for "
                    + "hako-mirrored:1.0: HTTP 503 Service Unavailable"), e.getMessage());
            assertEquals(1, upstream.requests().size());
        }
    }
}
