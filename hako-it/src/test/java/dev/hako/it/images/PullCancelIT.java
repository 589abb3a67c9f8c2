package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.BackgroundCli;
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
 * A pull that waits on its registry keeps nobody else waiting. The proxy pauses a layer's
 * download half-way for as long as each test needs.
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
}
