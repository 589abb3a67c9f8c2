package dev.hako.images;

import static dev.hako.images.ImageServiceFixture.dir;
import static dev.hako.images.ImageServiceFixture.file;
import static dev.hako.images.ImageServiceFixture.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.content.ContentInfo;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.ChainIds;
import dev.hako.oci.Digest;
import dev.hako.oci.Platform;
import dev.hako.testkit.images.ImageFormat;
import dev.hako.testkit.images.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls through the image service, on fakes of the registry, the content store and the snapshotter. */
class ImagePullTest {
    @TempDir
    Path dir;
    ImageServiceFixture f;

    @BeforeEach
    void open() throws IOException {
        f = new ImageServiceFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static TestImage twoLayers() {
        return TestImage.builder()
                .layer(file(dir(layer(), "etc"), "etc/base", "base"))
                .layer(file(dir(layer(), "etc"), "etc/app", "app").hardlink("etc/base-link", "etc/base"))
                .build();
    }

    @Test
    void aPullStoresEveryBlobCommitsEveryChainInOrderAndNamesTheImage() throws IOException {
        TestImage image = twoLayers();
        f.registry.push("registry.test/app:1", image);

        PullResult r = f.images.pull("registry.test/app:1", null, Progress.NONE);
        assertEquals("registry.test/app:1", r.name());
        assertEquals(image.manifest().digest(), r.digest());
        assertEquals(image.config().digest(), r.imageId());
        assertFalse(r.upToDate());

        assertEquals(ImageServiceFixture.blobsOf(image), stored());
        List<Digest> chain = ChainIds.of(image.diffIds());
        assertEquals(chain.stream().map(Digest::toString).sorted().toList(), f.committed());
        assertEquals(chain.get(0).toString(), f.snapshots.stat(chain.get(1).toString()).orElseThrow().parent());
        assertEquals(List.of(), f.active(), "no unpack is left active");
        assertEquals(0, f.content.incomplete());

        Image pulled = f.images.get("registry.test/app:1");
        assertEquals(chain.get(1).toString(), pulled.topChainId());
        assertEquals(Set.of("etc", "etc/app", "etc/base", "etc/base-link"), f.files(pulled.topChainId()));
        // The hard link to a file of the layer below was completed with a copy of it, in the upper layer.
        Path upper = f.snapshotsLowers(pulled.topChainId()).getFirst();
        assertEquals("base", Files.readString(upper.resolve("etc/base-link")));
    }

    @Test
    void aSecondPullFindsEverythingAndDownloadsNoLayerAgain() throws IOException {
        TestImage image = twoLayers();
        f.registry.push("registry.test/app:1", image);
        f.images.pull("registry.test/app:1", null, Progress.NONE);
        PullResult again = f.images.pull("registry.test/app:1", null, Progress.NONE);
        assertTrue(again.upToDate());
        for (var layer : image.layers()) {
            assertEquals(1, f.registry.downloads(layer.digest()), "layer " + layer.digest());
        }
    }

    @Test
    void anUpperLayerUnpacksWhileALowerOneIsStillDownloadingAndCommitsAfterIt() throws Exception {
        TestImage image = twoLayers();
        f.registry.push("registry.test/app:1", image);
        List<Digest> chain = ChainIds.of(image.diffIds());
        CountDownLatch lowerLayer = f.registry.hold(image.layers().get(0).digest());
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<PullResult> pull = caller.submit(() -> f.images.pull("registry.test/app:1", null, Progress.NONE));
            // The upper layer is unpacked into a snapshot of its own, on a parent not yet committed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!upperUnpacked(chain) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(upperUnpacked(chain), "the upper layer waited for the lower one: " + f.snapshots.list());
            assertTrue(f.committed().isEmpty(), "nothing is committed before the lower layer is");
            lowerLayer.countDown();
            pull.get(10, TimeUnit.SECONDS);
        } finally {
            caller.shutdownNow();
        }
        assertEquals(chain.stream().map(Digest::toString).sorted().toList(), f.committed());
        assertEquals(Set.of("etc", "etc/app", "etc/base", "etc/base-link"), f.files(chain.get(1).toString()));
    }

    /** Whether the upper layer was applied, into an active snapshot on the lower chain, which is not there yet. */
    private boolean upperUnpacked(List<Digest> chain) {
        boolean onLowerChain = f.active().stream().anyMatch(s -> chain.get(0).toString().equals(s.parent()));
        return onLowerChain && f.applier.applied().stream().anyMatch(root -> Files.exists(root.resolve("etc/app")));
    }

    @Test
    void anImageSharingLayersWithAnotherUnpacksOnlyItsOwn() throws IOException {
        TestImage base = TestImage.builder().layer(file(layer(), "base", "base")).build();
        TestImage app = TestImage.builder().layer(file(layer(), "base", "base")).layer(file(layer(), "app", "app")).build();
        f.registry.push("registry.test/base:1", base).push("registry.test/app:1", app);
        f.images.pull("registry.test/base:1", null, Progress.NONE);
        f.images.pull("registry.test/app:1", null, Progress.NONE);
        assertEquals(1, f.registry.downloads(app.layers().get(0).digest()), "the shared layer came once");
        assertEquals(2, f.committed().size());
        assertEquals(Set.of("app", "base"), f.files(f.images.get("registry.test/app:1").topChainId()));
    }

    @Test
    void anIndexGivesTheManifestOfTheAskedPlatform() throws IOException {
        TestImage amd64 = TestImage.builder().layer(file(layer(), "amd64", "x")).build();
        TestImage arm64 = TestImage.builder().platform(new Platform("linux", "arm64", null))
                .layer(file(layer(), "arm64", "y")).build();
        f.registry.pushIndex("registry.test/multi:1", TestImage.index(ImageFormat.OCI, List.of(amd64, arm64)), amd64, arm64);

        PullResult r = f.images.pull("registry.test/multi:1", "linux/arm64", Progress.NONE);
        assertEquals(arm64.config().digest(), r.imageId());
        assertEquals(Set.of("arm64"), f.files(ChainIds.of(arm64.diffIds()).getLast().toString()));
        assertEquals(0, f.registry.downloads(amd64.layers().getFirst().digest()));
    }

    @Test
    void aLayerThatDoesNotMatchItsDigestFailsThePullAndLeavesNothing() throws IOException {
        TestImage image = twoLayers();
        f.registry.push("registry.test/app:1", image);
        Digest broken = image.layers().get(1).digest();
        byte[] other = image.layers().get(1).bytes().clone();
        other[other.length - 8] ^= 1; // the gzip trailer's CRC: the tar still reads, the digest does not match
        f.registry.corrupt(broken, other);

        HakoException e = assertThrows(HakoException.class, () -> f.images.pull("registry.test/app:1", null, Progress.NONE));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aLayerThatDoesNotMatchItsDiffIdFailsThePullAndLeavesNothing() throws IOException {
        TestImage honest = twoLayers();
        TestImage image = TestImage.builder()
                .layer(file(dir(layer(), "etc"), "etc/base", "base"))
                .layer(file(dir(layer(), "etc"), "etc/app", "app"))
                .diffIds(List.of(honest.diffIds().get(0), Digest.sha256("something else".getBytes(StandardCharsets.UTF_8))))
                .build();
        f.registry.push("registry.test/app:1", image);
        HakoException e = assertThrows(HakoException.class, () -> f.images.pull("registry.test/app:1", null, Progress.NONE));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("does not match diff_id"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aFailedPullSparesWhatAnotherImageUses() throws IOException {
        TestImage base = TestImage.builder().layer(file(layer(), "base", "base")).build();
        TestImage app = TestImage.builder().layer(file(layer(), "base", "base")).layer(file(layer(), "app", "app")).build();
        f.registry.push("registry.test/base:1", base).push("registry.test/app:1", app);
        f.images.pull("registry.test/base:1", null, Progress.NONE);
        Set<Digest> baseBlobs = stored();
        List<String> baseChains = f.committed();
        f.registry.corrupt(app.layers().get(1).digest(), new byte[] {1, 2, 3});

        assertThrows(HakoException.class, () -> f.images.pull("registry.test/app:1", null, Progress.NONE));
        assertEquals(baseBlobs, stored());
        assertEquals(baseChains, f.committed());
        assertEquals(List.of("registry.test/base:1"), f.images.list().stream().map(ImageSummary::name).toList());
    }

    @Test
    void aMissingImageIsNotFoundAndStoresNothing() throws IOException {
        HakoException e = assertThrows(HakoException.class, () -> f.images.pull("registry.test/none:1", null, Progress.NONE));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertNothingLeft();
    }

    @Test
    void aCancelledPullStopsItsDownloadsFailsCancelledAndLeavesNothing() throws Exception {
        TestImage image = twoLayers();
        f.registry.push("registry.test/app:1", image);
        var started = f.registry.stall(image.layers().get(1).digest());
        Cancellation cancel = new Cancellation();
        ExecutorService caller = Executors.newSingleThreadExecutor(); // the thread a cancel interrupts, as a call's
        try {
            Future<PullResult> pull = caller.submit(
                    () -> f.images.pull("registry.test/app:1", null, Progress.NONE, null, cancel));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the stalled download never started");
            cancel.cancel("the client went away");
            ExecutionException failure = assertThrows(ExecutionException.class, () -> pull.get(10, TimeUnit.SECONDS));
            assertEquals(ErrorKind.CANCELLED, HakoException.kindOf(failure.getCause()), failure.getCause().toString());
        } finally {
            caller.shutdownNow();
        }
        assertNothingLeft();
    }

    private Set<Digest> stored() throws IOException {
        return f.content.list().stream().map(ContentInfo::digest).collect(Collectors.toSet());
    }

    private void assertNothingLeft() throws IOException {
        assertEquals(Set.of(), stored(), "blobs");
        assertEquals(List.of(), f.snapshots.list(), "snapshots");
        assertEquals(0, f.content.incomplete(), "writes in progress");
        assertEquals(List.of(), f.images.list(), "names");
    }
}
