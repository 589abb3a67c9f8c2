package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.BackgroundCli;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.FaultyProxy;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry that sends its headers and then trickles a byte a second, or falls silent: the pull
 * is cut off once {@code registry_idle_timeout_seconds} pass without progress, says which registry
 * stalled, and leaves nothing behind. Without the timeout it would hang for good.
 */
class StalledRegistryIT extends ImageTestBase {
    private FaultyProxy proxy;

    @Override
    protected String config() {
        return "[images]\nregistry_idle_timeout_seconds = 2\n";
    }

    @BeforeAll
    void startProxy() {
        proxy = FaultyProxy.start(registry.url());
    }

    @AfterEach
    void resetProxy() {
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

    private TestImage image(long seed) {
        byte[] noise = new byte[256 * 1024];
        new Random(seed).nextBytes(noise);
        return TestImage.builder().layer(new LayerBuilder().file("small", "s"))
                .layer(new LayerBuilder().file("noise", noise, 0644, 0, 0)).build();
    }

    /** Pulls {@code ref} in the background; it must fail within a minute, naming the stalled registry. */
    private void assertCutOff(String ref, String repo) throws Exception {
        long blobsBefore = store.blobCount();
        int snapshotsBefore = store.snapshotRows().size();
        try (BackgroundCli pull = hakod.hakoInBackground("pull", ref)) {
            CliResult r = pull.await(Duration.ofSeconds(60));
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("registry " + proxy.host()) && r.stderr().contains("stalled"), r.toString());
        }
        assertFalse(store.imageNames().stream().anyMatch(n -> n.contains(repo)));
        store.assertNothingHalfDone();
        assertEquals(blobsBefore, store.blobCount(), "a cut-off pull left blobs");
        assertEquals(snapshotsBefore, store.snapshotRows().size(), "a cut-off pull left snapshots");
    }

    @Test
    void aBlobThatTricklesIsCutOffAndItsConnectionDropped() throws Exception {
        TestImage image = image(1);
        push("it/trickle", "1", image);
        proxy.trickleBodies("/blobs/" + image.layers().get(1).digest());
        assertCutOff(proxy.host() + "/it/trickle:1", "it/trickle");
        assertTrue(proxy.awaitTrickle(0, TimeUnit.SECONDS), "the blob did not trickle");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (proxy.brokenOff() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(proxy.brokenOff() > 0, "hakod kept the trickling connection open");

        proxy.reset();
        hako("pull", proxy.host() + "/it/trickle:1").requireSuccess();
        store.assertNothingHalfDone();
    }

    @Test
    void aManifestThatTricklesIsCutOff() throws Exception {
        push("it/trickle-manifest", "1", image(2));
        proxy.trickleBodies("/manifests/");
        assertCutOff(proxy.host() + "/it/trickle-manifest:1", "it/trickle-manifest");
    }

    @Test
    void aBlobThatFallsSilentIsCutOff() throws Exception {
        TestImage image = image(3);
        push("it/silent", "1", image);
        proxy.stallBodiesAfter("/blobs/" + image.layers().get(1).digest(), 1000);
        assertCutOff(proxy.host() + "/it/silent:1", "it/silent");
    }
}
