package dev.hako.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.archive.LayerLimits;
import dev.hako.errdefs.HakoException;
import org.junit.jupiter.api.Test;

/** What the default limits let through, and how the bound that binds is named. */
class UnpackLimitsTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final UnpackLimits DEFAULTS = UnpackLimits.defaults();

    @Test
    void aTenMegabyteLayerThatInflatesToTenGigabytesIsRefused() {
        LayerLimits.Limit bytes = DEFAULTS.forLayer(10 * MIB).bytes();
        assertEquals(GIB, bytes.value(), "the floor binds: 10 MiB times 100 is less");
        HakoException e = assertThrows(HakoException.class, () -> bytes.check(10 * GIB, "%d bytes uncompressed"));
        assertEquals("more than 1073741824 bytes uncompressed (images.expansion_floor = 1 GiB, as 10485760 compressed bytes"
                + " times images.max_expansion_ratio = 100 is less)", e.getMessage());
    }

    @Test
    void aSmallLayerMayCompressAsWellAsItLikesUpToTheFloor() {
        // 800 MB of zeros gzip to under a megabyte: legitimate (a preallocated file), and modest.
        DEFAULTS.forLayer(800 * 1024).bytes().check(800 * MIB, "%d");
        DEFAULTS.forImage(800 * 1024).check(800 * MIB, "%d");
    }

    @Test
    void largeRealLayersAndImagesPass() {
        // A 20 GiB layer of model weights barely compresses; a 40 GiB image of such layers.
        DEFAULTS.forLayer(18 * GIB).bytes().check(20 * GIB, "%d");
        DEFAULTS.forImage(36 * GIB).check(40 * GIB, "%d");
        // Text compresses well, but nowhere near a hundredfold.
        DEFAULTS.forLayer(300 * MIB).bytes().check(3 * GIB, "%d");
    }

    @Test
    void theBoundThatBindsIsTheOneNamed() {
        assertEquals("images.max_expansion_ratio = 100 times the 104857600 compressed bytes",
                DEFAULTS.forLayer(100 * MIB).bytes().setting());
        assertEquals(100 * 100 * MIB, DEFAULTS.forLayer(100 * MIB).bytes().value());
        assertEquals("images.max_layer_size = 64 GiB", DEFAULTS.forLayer(10 * GIB).bytes().setting());
        assertEquals("images.max_layer_size = 64 GiB", DEFAULTS.forLayer(-1).bytes().setting(), "size not known: no ratio");
        assertEquals("images.max_image_size = 128 GiB", DEFAULTS.forImage(100 * GIB).setting());
        assertEquals(Long.MAX_VALUE / 2, new UnpackLimits(Long.MAX_VALUE / 2, Long.MAX_VALUE, 100, GIB, 1, 1)
                .forLayer(Long.MAX_VALUE / 10).bytes().value(), "no overflow");
    }

    @Test
    void entriesAndHardLinks() {
        LayerLimits layer = DEFAULTS.forLayer(MIB);
        assertEquals(2_000_000, layer.entries().value());
        assertEquals("images.max_layer_entries = 2000000", layer.entries().setting());
        assertEquals(10_000, layer.pendingHardLinks().value());
        assertTrue(layer.pendingHardLinks().setting().startsWith("images.max_pending_hard_links"));
    }

    @Test
    void sizesAreDescribedExactly() {
        assertEquals("64 GiB", ByteSizes.describe(64 * GIB));
        assertEquals("1536 MiB", ByteSizes.describe(1536 * MIB));
        assertEquals("1000 bytes", ByteSizes.describe(1000));
        assertEquals("2 TiB", ByteSizes.describe(2L << 40));
    }
}
