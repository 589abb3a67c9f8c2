package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.ImageStatusRequest;
import dev.hako.cri.v1.PullImageRequest;
import dev.hako.it.cri.CriClient;
import dev.hako.testkit.daemon.BackgroundCli;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.FaultyProxy;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pulls whose client goes away (Ctrl-C on `hako pull`, a CRI PullImage past its deadline) stop in
 * hakod: their downloads are closed and what they stored is removed at once, while another pull
 * of the same image goes on. And a pull that waits on its registry keeps nobody else waiting.
 * The proxy pauses a layer's download half-way for as long as each test needs.
 */
class PullCancelIT extends ImageTestBase {
    private static final int MIB = 1 << 20;
    private FaultyProxy proxy;

    @BeforeAll
    void startProxy() {
        proxy = FaultyProxy.start(registry.url());
    }

    @AfterEach
    void resetProxy() {
        proxy.resumePauses();
        proxy.reset();
    }

    @Override
    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        super.stop();
    }

    /** An image whose second layer (4 MiB that do not compress) pauses after its first MiB. */
    private String pausedImage(String repo, long seed) {
        byte[] noise = new byte[4 * MIB];
        new Random(seed).nextBytes(noise);
        TestImage image = TestImage.builder().layer(new LayerBuilder().file("small", repo))
                .layer(new LayerBuilder().file("noise", noise, 0644, 0, 0)).build();
        push(repo, "1", image);
        proxy.pauseBodiesAfter("/blobs/" + image.layers().get(1).digest(), MIB);
        return proxy.host() + "/" + repo + ":1";
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private int ingestFiles() {
        try {
            return store.ingestFiles().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void interruptingHakoPullCancelsItWhileAnotherPullOfTheSameImageGoesOn() throws Exception {
        String ref = pausedImage("it/cancel", 1);
        try (BackgroundCli first = hakod.hakoInBackground("pull", ref);
             BackgroundCli second = hakod.hakoInBackground("pull", ref)) {
            assertTrue(proxy.awaitPause(60, TimeUnit.SECONDS), "the first download did not start");
            assertTrue(proxy.awaitPause(60, TimeUnit.SECONDS), "the second download did not start");
            await("both pulls write their layer", () -> ingestFiles() == 2);
            int active = store.activeSnapshots().size(); // two half layers, and a small layer the race's loser keeps

            first.interrupt(); // Ctrl-C
            CliResult interrupted = first.await(Duration.ofSeconds(30));
            assertNotEquals(0, interrupted.exitCode(), interrupted.toString());
            // While the other download is still paused: the cancelled pull's half layer is gone.
            await("the cancelled pull removed its ingest file and its active snapshots",
                    () -> ingestFiles() == 1 && store.activeSnapshots().size() < active);
            await("hakod logs the pull as cancelled", () -> hakod.log().contains("cancelled: the client went away"));

            proxy.resumePauses();
            second.await(Duration.ofSeconds(60)).requireSuccess();
            await("the cancelled download's connection is closed", () -> proxy.brokenOff() > 0);
        }
        assertTrue(store.imageNames().contains(ref), store.imageNames().toString());
        hako("image", "inspect", ref).requireSuccess();
        store.assertNothingHalfDone();
    }

    @Test
    void aPullWaitingOnItsRegistryKeepsNeitherRmiNorPruneWaiting() throws Exception {
        String other = push("it/other", "1", TestImage.builder().layer(new LayerBuilder().file("o", "other")).build());
        hako("pull", other).requireSuccess();
        String ref = pausedImage("it/waiting", 2);
        try (BackgroundCli pull = hakod.hakoInBackground("pull", ref)) {
            assertTrue(proxy.awaitPause(60, TimeUnit.SECONDS), "the download did not start");
            try (BackgroundCli rmi = hakod.hakoInBackground("rmi", other);
                 BackgroundCli prune = hakod.hakoInBackground("image", "prune")) {
                rmi.await(Duration.ofSeconds(30)).requireSuccess();
                prune.await(Duration.ofSeconds(30)).requireSuccess();
            }
            assertFalse(store.imageNames().contains(other));
            assertTrue(pull.isAlive(), () -> "the paused pull ended early: " + pull.await(Duration.ofSeconds(1)));
            proxy.resumePauses();
            pull.await(Duration.ofSeconds(60)).requireSuccess();
        }
        hako("image", "inspect", ref).requireSuccess();
        store.assertNothingHalfDone();
    }

    @Test
    void aCriPullWhoseDeadlinePassesIsCancelled() throws Exception {
        String ref = pausedImage("it/deadline", 3);
        long blobsBefore = store.blobCount();
        int snapshotsBefore = store.snapshotRows().size();
        try (CriClient cri = new CriClient(hakod.socket())) {
            var images = cri.images().withDeadlineAfter(3, TimeUnit.SECONDS);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> images.pullImage(
                    PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(ref)).build()));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.toString());
            // The download is still paused at the proxy: hakod stopped it on its own.
            await("the cancelled pull removed what it stored", () -> ingestFiles() == 0 && store.activeSnapshots().isEmpty()
                    && store.snapshotRows().size() == snapshotsBefore);
            assertFalse(cri.images().imageStatus(ImageStatusRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage(ref)).build()).hasImage());
        }
        proxy.resumePauses();
        assertEquals(blobsBefore, store.blobCount(), "blobs left");
        store.assertNothingHalfDone();
    }
}
