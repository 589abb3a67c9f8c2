package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.LayerCompression;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.FaultyProxy;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of hakod in the middle of a pull: the download of one layer is held half way by a
 * proxy, so the kill lands while a blob is half in ingest and a snapshot is half unpacked.
 */
class CrashIT extends ImageTestBase {

    @Test
    void aPullKilledHalfWayLeavesAStoreTheNextPullCompletes() throws Exception {
        byte[] big = new byte[8 << 20];
        new Random(42).nextBytes(big);
        TestImage image = TestImage.builder()
                .layer(Busybox.rootfs())
                .compression(LayerCompression.NONE)
                .layer(new LayerBuilder().dir("data", 0755).file("data/big", big, 0644, 0, 0))
                .build();
        push("it/crash", "1", image);
        String bigLayer = image.layers().get(1).digest().toString();
        try (FaultyProxy proxy = FaultyProxy.start(registry.url())) {
            String ref = proxy.host() + "/it/crash:1";
            proxy.stallBodiesAfter("/blobs/" + bigLayer, 3 << 20);
            CompletableFuture<CliResult> pull = CompletableFuture.supplyAsync(() -> hako("pull", ref));
            assertTrue(proxy.awaitStall(60, TimeUnit.SECONDS), "the download never started");
            waitForIngest();

            hakod.kill9();
            CliResult killed = pull.get(60, TimeUnit.SECONDS);
            assertEquals(1, killed.exitCode(), killed.toString());
            proxy.releaseStalls();
            assertFalse(store.ingestFiles().isEmpty(), "the kill should have left a half blob for recovery to find");

            hakod.restart();
            store.assertNothingHalfDone();
            assertEquals(List.of(), store.imageNames(), "a half image has a name");
            assertFalse(hako("images").requireSuccess().stdout().contains("it/crash"));

            proxy.reset();
            CliResult again = hako("pull", ref).requireSuccess();
            assertTrue(again.stdout().contains("Status: Downloaded newer image"), again.stdout());
            store.assertNothingHalfDone();
            try (OverlayMount root = mount(ref)) {
                assertEquals(big.length, Files.size(root.path("data/big")));
                assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(root.path("data/big"))));
                assertTrue(Files.isExecutable(root.path("bin/busybox")));
            }
        }
    }

    /** The stalled layer's bytes reach the ingest file a moment after the proxy sent them. */
    private void waitForIngest() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (var f : store.ingestFiles()) {
                if (Files.size(f) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ingest file grew: " + store.ingestFiles());
    }
}
