package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Images that unpack to more than the limits of hako.toml's {@code [images]}: each is refused
 * with an error that names the limit and the layer, and leaves nothing behind. The limits here
 * are small, so that the images stay small; UnpackLimitsTest shows what the defaults let through.
 */
class PullLimitsIT extends ImageTestBase {
    private static final int MIB = 1 << 20;

    @Override
    protected String config() {
        return """
                [images]
                max_layer_size = "8MiB"
                max_image_size = "12MiB"
                max_expansion_ratio = 10
                expansion_floor = "4MiB"
                max_layer_entries = 1000
                max_pending_hard_links = 50
                """;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Pulls {@code image}, which must be refused naming {@code limit} and one of its layers; nothing may stay. */
    private CliResult assertRefused(String tag, TestImage image, String limit) throws IOException {
        long blobsBefore = store.blobCount();
        int snapshotsBefore = store.snapshotRows().size();
        CliResult pull = hako("pull", push("it/limits", tag, image));
        assertEquals(1, pull.exitCode(), pull.toString());
        assertTrue(pull.stderr().contains(limit), "the error does not name " + limit + ":\n" + pull);
        assertTrue(image.layers().stream().anyMatch(l -> pull.stderr().contains("layer " + l.digest())),
                "the error names no layer:\n" + pull);
        assertFalse(store.imageNames().stream().anyMatch(n -> n.endsWith("it/limits:" + tag)), "a refused image is named");
        store.assertNothingHalfDone();
        assertEquals(blobsBefore, store.blobCount(), "blobs left");
        assertEquals(snapshotsBefore, store.snapshotRows().size(), "snapshots left: " + store.snapshotRows());
        return pull;
    }

    @Test
    void aZipBombLayerIsRefusedPastTheExpansionFloor() throws IOException {
        // 64 MiB of zeros gzip to some 64 KiB: a thousandfold, where 10 is allowed past 4 MiB.
        TestImage bomb = TestImage.builder().layer(new LayerBuilder().file("zeros", new byte[64 * MIB], 0644, 0, 0)).build();
        CliResult pull = assertRefused("bomb", bomb, "images.expansion_floor = 4 MiB");
        assertTrue(pull.stderr().contains("more than 4194304 bytes uncompressed"), pull.toString());
        assertTrue(pull.stderr().contains("images.max_expansion_ratio = 10"), pull.toString());
    }

    @Test
    void aLayerPastMaxLayerSizeIsRefused() throws IOException {
        TestImage big = TestImage.builder().layer(new LayerBuilder().file("noise", random(10 * MIB, 1), 0644, 0, 0)).build();
        assertRefused("big-layer", big, "images.max_layer_size = 8 MiB");
    }

    @Test
    void anImagePastMaxImageSizeIsRefused() throws IOException {
        TestImage big = TestImage.builder()
                .layer(new LayerBuilder().file("noise1", random(7 * MIB, 2), 0644, 0, 0))
                .layer(new LayerBuilder().file("noise2", random(7 * MIB, 3), 0644, 0, 0)).build();
        assertRefused("big-image", big, "images.max_image_size = 12 MiB");
    }

    @Test
    void aLayerWithTooManyEntriesIsRefused() throws IOException {
        LayerBuilder many = new LayerBuilder();
        for (int i = 0; i <= 1000; i++) {
            many.file("f" + i, "");
        }
        assertRefused("entries", TestImage.builder().layer(many).build(), "images.max_layer_entries = 1000");
    }

    @Test
    void aLayerWithTooManyHardLinksToLowerLayersIsRefused() throws IOException {
        LayerBuilder lower = new LayerBuilder();
        LayerBuilder links = new LayerBuilder();
        for (int i = 0; i < 60; i++) {
            lower.file("f" + i, "x");
            links.hardlink("l" + i, "f" + i);
        }
        CliResult pull = assertRefused("links", TestImage.builder().layer(lower).layer(links).build(),
                "images.max_pending_hard_links = 50");
        assertTrue(pull.stderr().contains("more than 50 hard links to files of the layers below"), pull.toString());
    }

    @Test
    void aHighlyCompressibleLayerUnderTheFloorIsPulled() throws IOException {
        TestImage sparse = TestImage.builder().layer(new LayerBuilder().file("zeros", new byte[3 * MIB], 0644, 0, 0)).build();
        String ref = push("it/limits", "under-floor", sparse);
        hako("pull", ref).requireSuccess();
        try (var root = mount(ref)) {
            assertEquals(3 * MIB, Files.size(root.path("zeros")));
        }
        store.assertNothingHalfDone();
    }
}
