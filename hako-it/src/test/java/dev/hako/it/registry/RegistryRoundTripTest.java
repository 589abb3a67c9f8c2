package dev.hako.it.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.hako.registry.FetchedManifest;
import dev.hako.registry.MemoryCredentialStore;
import dev.hako.registry.RegistryClient;
import dev.hako.registry.RegistryConfig;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import dev.hako.testkit.registry.Schema1Manifest;
import dev.hako.testkit.registry.StorageServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** hako's registry client against a real registry (docker-registry on 127.0.0.1), without auth. */
class RegistryRoundTripTest {
    private static LocalRegistry registry;
    private static RegistryClient client;
    private static RegistryWriter writer;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.start();
        client = new RegistryClient(RegistryConfig.empty(), CredentialStore.none());
        writer = new RegistryWriter(registry.url());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Reference ref(String text) {
        return Reference.parse(registry.host() + "/" + text);
    }

    private Descriptor push(Reference repo, String mediaType, byte[] bytes, List<Long> progress) {
        Descriptor d = new Descriptor(mediaType, Digest.sha256(bytes), bytes.length);
        client.pushBlob(repo, d, () -> new ByteArrayInputStream(bytes), progress == null ? null : progress::add);
        return d;
    }

    @Test
    void pushesAnImageAndFetchesItBack() throws Exception {
        Reference repo = ref("round/trip:1");
        byte[] layerBytes = random(3 * 1024 * 1024 + 17, 1);
        Descriptor layerDescriptor = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(layerBytes), layerBytes.length);
        assertFalse(client.blobExists(repo, layerDescriptor.digest()));

        List<Long> progress = new ArrayList<>();
        Descriptor layer = push(repo, MediaTypes.OCI_LAYER_GZIP, layerBytes, progress);
        assertTrue(client.blobExists(repo, layer.digest()));
        assertEquals(layerBytes.length, progress.getLast(), "progress ends at the blob's size");
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back");
        }

        byte[] configBytes = RegistryWriter.configJson(layer.digest());
        Descriptor config = push(repo, MediaTypes.OCI_CONFIG, configBytes, null);
        byte[] manifestBytes = RegistryWriter.manifestJson(config, List.of(layer));
        Digest pushed = client.pushManifest(repo, MediaTypes.OCI_MANIFEST, manifestBytes);
        assertEquals(Digest.sha256(manifestBytes), pushed);

        FetchedManifest byTag = client.fetchManifest(repo);
        assertArrayEquals(manifestBytes, byTag.bytes());
        assertEquals(pushed, byTag.digest());
        assertEquals(MediaTypes.OCI_MANIFEST, byTag.mediaType());

        FetchedManifest byDigest = client.fetchManifest(repo.withTag(null).withDigest(pushed));
        assertEquals(byTag, byDigest);

        try (InputStream in = client.openBlob(repo, layer)) {
            assertArrayEquals(layerBytes, in.readAllBytes());
        }
        try (InputStream in = client.openBlob(repo, config)) {
            assertArrayEquals(configBytes, in.readAllBytes());
        }
    }

    @Test
    void indexAndChildManifestByDigest() {
        RegistryWriter.TestImage image = writer.pushImage("multi", "child", 1000);
        byte[] indexBytes = RegistryWriter.indexJson(List.of(image.manifest()));
        Reference repo = ref("multi:latest");
        Digest indexDigest = client.pushManifest(repo, MediaTypes.OCI_INDEX, indexBytes);

        FetchedManifest index = client.fetchManifest(repo);
        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        assertEquals(indexDigest, index.digest());

        FetchedManifest child = client.fetchManifest(repo, image.manifest());
        assertArrayEquals(image.manifestBytes(), child.bytes());
        assertEquals(image.manifest().digest(), child.digest());
        assertEquals(MediaTypes.OCI_MANIFEST, child.mediaType());
    }

    @Test
    void readsContentItDidNotWrite() throws Exception {
        RegistryWriter.TestImage image = writer.pushImage("written/by/others", "v1", 64 * 1024);
        Reference repo = ref("written/by/others:v1");
        FetchedManifest m = client.fetchManifest(repo);
        assertArrayEquals(image.manifestBytes(), m.bytes());
        assertEquals(image.manifest().digest(), m.digest());
        try (InputStream in = client.openBlob(repo, image.layer())) {
            assertArrayEquals(image.layerBytes(), in.readAllBytes());
        }
        assertTrue(client.blobExists(repo, image.config().digest()));
    }

    @Test
    void layersDownloadConcurrently() throws Exception {
        Reference repo = ref("many:1");
        List<byte[]> blobs = new ArrayList<>();
        List<Descriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] b = random(200_000 + i, 100 + i);
            blobs.add(b);
            descriptors.add(writer.pushBlob("many", MediaTypes.OCI_LAYER_GZIP, b));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> reads = new ArrayList<>();
            for (Descriptor d : descriptors) {
                reads.add(pool.submit(() -> {
                    try (InputStream in = client.openBlob(repo, d)) {
                        return in.readAllBytes();
                    }
                }));
            }
            for (int i = 0; i < blobs.size(); i++) {
                assertArrayEquals(blobs.get(i), reads.get(i).get());
            }
        }
    }

    @Test
    void missingTagIsNotFound() {
        writer.pushImage("app", "exists", 10);
        HakoException e = assertThrows(HakoException.class, () -> client.fetchManifest(ref("app:nope")));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("manifest for " + registry.host() + "/app:nope not found: manifest unknown", e.getMessage());

        HakoException repo = assertThrows(HakoException.class, () -> client.fetchManifest(ref("no/such/repo:1")));
        assertEquals(ErrorKind.NOT_FOUND, repo.kind());
    }

    @Test
    void missingBlobIsNotFound() {
        writer.pushImage("app", "exists", 10);
        byte[] never = random(10, 99);
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(never), never.length);
        assertFalse(client.blobExists(ref("app:exists"), d.digest()));
        HakoException e = assertThrows(HakoException.class, () -> client.openBlob(ref("app:exists"), d));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().startsWith("blob " + d.digest() + " in " + registry.host() + "/app not found: "),
                e.getMessage());
    }

    @Test
    void schema1ManifestsAreRefused() {
        Digest layer = writer.pushBlob("old", random(100, 5));
        byte[] signed = Schema1Manifest.signed("old", "v1", layer);
        writer.pushManifest("old", "v1", Schema1Manifest.MEDIA_TYPE, signed);

        HakoException e = assertThrows(HakoException.class, () -> client.fetchManifest(ref("old:v1")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("manifest for " + registry.host() + "/old:v1 is a Docker schema 1 manifest, which hako does not "
                + "support; push it again with a current client", e.getMessage());
    }

    @Test
    void contentThatDoesNotMatchItsDescriptorIsNotUploaded() {
        Reference repo = ref("bad/upload:1");
        byte[] bytes = random(1000, 7);
        Descriptor tooLong = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(bytes), bytes.length - 1);
        HakoException size = assertThrows(HakoException.class,
                () -> client.pushBlob(repo, tooLong, () -> new ByteArrayInputStream(bytes), null));
        assertEquals(ErrorKind.INVALID_ARGUMENT, size.kind());
        assertFalse(client.blobExists(repo, tooLong.digest()));

        Descriptor wrongDigest = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[] {1}), bytes.length);
        HakoException digest = assertThrows(HakoException.class,
                () -> client.pushBlob(repo, wrongDigest, () -> new ByteArrayInputStream(bytes), null));
        assertEquals(ErrorKind.INVALID_ARGUMENT, digest.kind(), digest.getMessage());
        assertTrue(digest.getMessage().contains("upload of blob " + wrongDigest.digest()), digest.getMessage());
        assertFalse(client.blobExists(repo, wrongDigest.digest()));
    }

    @Test
    void manifestPushNeedsItsBlobs() {
        byte[] missing = random(10, 8);
        Descriptor layer = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(missing), missing.length);
        Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(missing), missing.length);
        HakoException e = assertThrows(HakoException.class, () -> client.pushManifest(ref("incomplete:1"),
                MediaTypes.OCI_MANIFEST, RegistryWriter.manifestJson(config, List.of(layer))));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("blob unknown"), e.getMessage());
    }

    @Test
    void unreachableRegistryIsUnavailableAndNamed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            closedPort = s.getLocalPort();
        }
        Reference nowhere = Reference.parse("127.0.0.1:" + closedPort + "/app:1");
        HakoException e = assertThrows(HakoException.class, () -> client.fetchManifest(nowhere));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("cannot reach registry 127.0.0.1:" + closedPort), e.getMessage());
        assertTrue(e.getMessage().endsWith("connection refused"), e.getMessage());
    }

    @Test
    void blobRedirectsAreFollowedWithoutTheCredentials() throws Exception {
        try (StorageServer storage = StorageServer.start();
             LocalRegistry redirecting = LocalRegistry.builder().basicAuth("alice", "s3cret")
                     .redirectBlobsTo(storage.url()).start();
             RegistryClient alice = new RegistryClient(RegistryConfig.empty(),
                     new MemoryCredentialStore(java.util.Map.of(redirecting.host(), new Credentials("alice", "s3cret"))))) {
            storage.serve(redirecting.storage());
            Reference repo = Reference.parse(redirecting.host() + "/redirected:1");
            byte[] bytes = random(50_000, 3);
            Descriptor d = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(bytes), bytes.length);
            alice.pushBlob(repo, d, () -> new ByteArrayInputStream(bytes), null);

            try (InputStream in = alice.openBlob(repo, d)) {
                assertArrayEquals(bytes, in.readAllBytes());
            }
            List<StorageServer.Request> seen = storage.requests();
            assertEquals(1, seen.size(), "the blob came from the storage server: " + seen);
            assertTrue(seen.getFirst().path().endsWith("/" + d.digest().encoded() + "/data"), seen.toString());
            assertNull(seen.getFirst().authorization(), "credentials must not follow a redirect to another host");
        }
    }
}
