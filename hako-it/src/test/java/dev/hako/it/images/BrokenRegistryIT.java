package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.FaultyProxy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A registry that answers 500, or sends a blob that does not match its digest. */
class BrokenRegistryIT extends ImageTestBase {
    private FaultyProxy proxy;

    @BeforeAll
    void startProxy() {
        proxy = FaultyProxy.start(registry.url());
    }

    @AfterEach
    void resetProxy() {
        proxy.reset();
    }

    @Override
    @org.junit.jupiter.api.AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        super.stop();
    }

    private String pushVia(String repo, TestImage image) {
        push(repo, "1", image);
        return proxy.host() + "/" + repo + ":1";
    }

    @Test
    void aManifest500IsAClearErrorAndStoresNothing() throws Exception {
        String ref = pushVia("it/m500", TestImage.builder().layer(new LayerBuilder().file("a", "a")).build());
        proxy.failWith(500, "/manifests/");
        CliResult r = hako("pull", ref);
        assertFails(r, proxy.host());
        assertTrue(r.stderr().contains("500"), r.toString());
        assertFalse(store.imageNames().stream().anyMatch(n -> n.contains("it/m500")));
        store.assertNothingHalfDone();
    }

    @Test
    void aBlob500FailsThePullAndLeavesNoHalfImage() throws Exception {
        TestImage image = TestImage.builder().layer(Busybox.rootfs()).layer(new LayerBuilder().file("b", "b")).build();
        String ref = pushVia("it/b500", image);
        proxy.failWith(500, "/blobs/" + image.layers().get(1).digest());
        long blobsBefore = store.blobCount();
        int snapshotsBefore = store.snapshotRows().size();
        CliResult r = hako("pull", ref);
        assertFails(r, "500");
        assertFalse(store.imageNames().stream().anyMatch(n -> n.contains("it/b500")));
        store.assertNothingHalfDone();
        assertEquals(blobsBefore, store.blobCount(), "a failed pull left blobs");
        assertEquals(snapshotsBefore, store.snapshotRows().size(), "a failed pull left snapshots");

        proxy.reset();
        hako("pull", ref).requireSuccess();
        store.assertNothingHalfDone();
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestIsRefused() throws Exception {
        TestImage image = TestImage.builder().layer(Busybox.rootfs().file("unique", "corrupt test")).build();
        String ref = pushVia("it/corrupt", image);
        String layer = image.layers().getFirst().digest().toString();
        proxy.corruptBodies("/blobs/" + layer);
        CliResult r = hako("pull", ref);
        assertFails(r, layer);
        assertTrue(r.stderr().contains("digest") || r.stderr().contains("diff_id"), r.toString());
        assertFalse(store.hasBlob(layer), "a corrupt blob was stored");
        assertFalse(store.imageNames().stream().anyMatch(n -> n.contains("it/corrupt")));
        store.assertNothingHalfDone();
    }

    @Test
    void aConfigThatDoesNotMatchItsDigestIsRefused() throws Exception {
        TestImage image = TestImage.builder().layer(new LayerBuilder().file("c", "c")).build();
        String ref = pushVia("it/badconfig", image);
        proxy.corruptBodies("/blobs/" + image.config().digest());
        assertFails(hako("pull", ref), image.config().digest().toString());
        assertFalse(store.hasBlob(image.config().digest().toString()));
        store.assertNothingHalfDone();
    }

    @Test
    void diffIdsThatDoNotMatchTheLayersAreRefused() throws Exception {
        TestImage honest = TestImage.builder().layer(new LayerBuilder().file("d", "d")).build();
        TestImage lying = TestImage.builder().layer(new LayerBuilder().file("d", "d"))
                .diffIds(List.of(dev.hako.oci.Digest.sha256("something else".getBytes()))).build();
        String ref = pushVia("it/diffid", lying);
        CliResult r = hako("pull", ref);
        assertFails(r, "diff_id");
        assertFalse(store.snapshotRows().containsKey(honest.diffIds().getFirst().toString()));
        store.assertNothingHalfDone();
    }
}
