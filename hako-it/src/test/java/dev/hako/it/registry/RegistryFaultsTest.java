package dev.hako.it.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.hako.registry.RegistryClient;
import dev.hako.registry.RegistryConfig;
import dev.hako.testkit.registry.FaultyProxy;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real registry behind a proxy that fails or corrupts on demand. */
class RegistryFaultsTest {
    private static LocalRegistry registry;
    private static FaultyProxy proxy;
    private static RegistryClient client;
    private static RegistryWriter.TestImage image;
    private static Descriptor indexDescriptor;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.start();
        proxy = FaultyProxy.start(registry.url());
        client = new RegistryClient(RegistryConfig.empty(), CredentialStore.none());
        try (RegistryWriter writer = new RegistryWriter(registry.url())) {
            image = writer.pushImage("app", "child", 2048);
            byte[] index = RegistryWriter.indexJson(List.of(image.manifest()));
            Digest d = writer.pushManifest("app", "1", MediaTypes.OCI_INDEX, index);
            indexDescriptor = new Descriptor(MediaTypes.OCI_INDEX, d, index.length);
        }
    }

    @AfterAll
    static void stop() {
        client.close();
        proxy.close();
        registry.close();
    }

    @AfterEach
    void heal() {
        proxy.reset();
    }

    private Reference viaProxy(String rest) {
        return Reference.parse(proxy.host() + "/" + rest);
    }

    @Test
    void throughAHealthyProxyEverythingWorks() throws Exception {
        assertEquals(indexDescriptor.digest(), client.fetchManifest(viaProxy("app:1")).digest());
        assertArrayEquals(image.manifestBytes(), client.fetchManifest(viaProxy("app"), image.manifest()).bytes());
        try (InputStream in = client.openBlob(viaProxy("app"), image.layer())) {
            assertArrayEquals(image.layerBytes(), in.readAllBytes());
        }
        byte[] blob = "pushed through the proxy".getBytes();
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256(blob), blob.length);
        client.pushBlob(viaProxy("app"), d, () -> new ByteArrayInputStream(blob), null);
        assertTrue(client.blobExists(Reference.parse(registry.host() + "/app"), d.digest()));
    }

    @Test
    void serverErrorIsUnavailableAndNamesTheHost() {
        proxy.failWith(500, "/manifests/");
        HakoException e = assertThrows(HakoException.class, () -> client.fetchManifest(viaProxy("app:1")));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("registry " + proxy.host() + " failed on manifest for " + proxy.host() + "/app:1: "
                + "HTTP 500 Internal Server Error: failure injected by FaultyProxy", e.getMessage());
    }

    @Test
    void serverErrorOnBlobsIsUnavailable() {
        proxy.failWith(502, "/blobs/");
        HakoException e = assertThrows(HakoException.class, () -> client.openBlob(viaProxy("app"), image.layer()));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains(proxy.host()), e.getMessage());
        HakoException exists = assertThrows(HakoException.class, () -> client.blobExists(viaProxy("app"), image.layer().digest()));
        assertEquals(ErrorKind.UNAVAILABLE, exists.kind());
    }

    @Test
    void corruptedChildManifestIsRefused() {
        proxy.corruptBodies("/manifests/sha256:");
        HakoException e = assertThrows(HakoException.class, () -> client.fetchManifest(viaProxy("app"), image.manifest()));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("registry " + proxy.host() + " sent a wrong manifest "
                + image.manifest().digest() + " in " + proxy.host() + "/app: its digest is sha256:"), e.getMessage());
    }

    @Test
    void corruptedManifestByDigestReferenceIsRefused() {
        proxy.corruptBodies("/manifests/");
        Reference pinned = viaProxy("app").withTag(null).withDigest(indexDescriptor.digest());
        HakoException e = assertThrows(HakoException.class, () -> client.fetchManifest(pinned));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
    }

    @Test
    void corruptedManifestByTagDisagreesWithTheRegistrysDigest() {
        proxy.corruptBodies("/manifests/1");
        HakoException e = assertThrows(HakoException.class, () -> client.fetchManifest(viaProxy("app:1")));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("but says it is " + indexDescriptor.digest()), e.getMessage());
    }
}
