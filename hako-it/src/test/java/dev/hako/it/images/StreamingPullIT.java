package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.LayerCompression;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.FaultyProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Layers download concurrently and each unpacks while it downloads. A proxy holds every layer
 * download half way: if the downloads were sequential only one could be held; if unpacking waited
 * for the download, no file of a held layer could exist yet.
 */
class StreamingPullIT extends ImageTestBase {
    private static final int LAYERS = 3;

    @Override
    protected String config() {
        return "[images]\nmax_concurrent_downloads = " + LAYERS + "\n";
    }

    @Test
    void layersDownloadConcurrentlyAndUnpackWhileTheyDownload() throws Exception {
        TestImage.Builder builder = TestImage.builder().compression(LayerCompression.NONE);
        Random random = new Random(7);
        for (int i = 0; i < LAYERS; i++) {
            byte[] big = new byte[4 << 20];
            random.nextBytes(big);
            builder.layer(new LayerBuilder().file("early-" + i, "first entry of layer " + i + "\n")
                    .file("big-" + i, big, 0644, 0, 0));
        }
        TestImage image = builder.build();
        push("it/streaming", "1", image);
        try (FaultyProxy proxy = FaultyProxy.start(registry.url())) {
            for (var layer : image.layers()) {
                proxy.stallBodiesAfter("/blobs/" + layer.digest(), 1 << 20);
            }
            String ref = proxy.host() + "/it/streaming:1";
            CompletableFuture<CliResult> pull = CompletableFuture.supplyAsync(() -> hako("pull", ref));
            for (int i = 0; i < LAYERS; i++) {
                assertTrue(proxy.awaitStall(60, TimeUnit.SECONDS), "only " + i + " layers downloaded at once");
            }
            for (int i = 0; i < LAYERS; i++) {
                waitForFile("early-" + i);
            }
            proxy.releaseStalls();
            CliResult r = pull.get(60, TimeUnit.SECONDS);
            assertEquals(1, r.exitCode(), "the held downloads end short, so this pull fails: " + r);

            proxy.reset();
            hako("pull", ref).requireSuccess();
            try (OverlayMount root = mount(ref)) {
                for (int i = 0; i < LAYERS; i++) {
                    assertEquals(4 << 20, Files.size(root.path("big-" + i)));
                }
            }
            store.assertNothingHalfDone();
        }
    }

    /** A file of a held layer shows up in some snapshot directory while the download is held. */
    private void waitForFile(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (snapshotFiles().stream().anyMatch(p -> p.getFileName().toString().equals(name))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " was not unpacked while its layer was downloading: " + snapshotFiles());
    }

    private List<Path> snapshotFiles() throws IOException {
        try (Stream<Path> s = Files.walk(hakod.root().resolve("snapshots"), 3)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
