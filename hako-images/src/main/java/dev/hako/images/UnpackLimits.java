package dev.hako.images;

import dev.hako.archive.LayerLimits;
import dev.hako.archive.LayerLimits.Limit;

/**
 * How much an image may unpack to ({@code [images]} in hako.toml), so that a small download can
 * fill neither the node's disk nor hakod's memory. Pulls, loads and imports unpack under them.
 *
 * <p>The defaults accept every real image: containerd and docker set no limits, and images of tens
 * of GB exist. What they refuse is expansion: a layer of zeros compresses about a thousandfold, so
 * a layer or image may unpack to {@code expansionFloor} whatever its ratio (a legitimately
 * compressible layer of modest size passes), and past that to at most {@code maxExpansionRatio}
 * times its compressed size. Real layers compress between 2 and 10 times.
 *
 * @param maxLayerSize uncompressed bytes of one layer's tar stream
 * @param maxImageSize uncompressed bytes of all the layers a pull or load unpacks for one image
 * @param maxExpansionRatio uncompressed over compressed bytes, for a layer and for an image, past {@code expansionFloor}
 * @param expansionFloor uncompressed bytes a layer or image may always reach, whatever its ratio
 * @param maxLayerEntries tar entries of one layer (inodes, and memory for directories and links)
 * @param maxPendingHardLinks hard links of one layer to files of the layers below, each remembered until
 *     the layer is finished (100,000 with long names cost hakod about 600 MB)
 */
public record UnpackLimits(long maxLayerSize, long maxImageSize, long maxExpansionRatio, long expansionFloor,
                           long maxLayerEntries, long maxPendingHardLinks) {
    private static final long GIB = 1L << 30;

    public UnpackLimits {
        positive(maxLayerSize, "max_layer_size");
        positive(maxImageSize, "max_image_size");
        positive(maxExpansionRatio, "max_expansion_ratio");
        positive(expansionFloor, "expansion_floor");
        positive(maxLayerEntries, "max_layer_entries");
        positive(maxPendingHardLinks, "max_pending_hard_links");
    }

    public static UnpackLimits defaults() {
        return new UnpackLimits(64 * GIB, 128 * GIB, 100, GIB, 2_000_000, 10_000);
    }

    /**
     * The limits of one layer.
     *
     * @param compressedSize the layer blob's size; negative when not known beforehand (an import), which leaves
     *     only {@code maxLayerSize} to bound its bytes
     */
    public LayerLimits forLayer(long compressedSize) {
        return new LayerLimits(bytes("max_layer_size", maxLayerSize, compressedSize),
                new Limit(maxLayerEntries, "images.max_layer_entries = " + maxLayerEntries),
                new Limit(maxPendingHardLinks, "images.max_pending_hard_links = " + maxPendingHardLinks));
    }

    /** The bound on the uncompressed bytes of all layers of an image whose layer blobs weigh {@code compressedSize}. */
    public Limit forImage(long compressedSize) {
        return bytes("max_image_size", maxImageSize, compressedSize);
    }

    /** The least of the absolute maximum and the expansion allowance, named after whichever binds. */
    private Limit bytes(String maxSetting, long max, long compressedSize) {
        Limit absolute = new Limit(max, "images." + maxSetting + " = " + ByteSizes.describe(max));
        if (compressedSize < 0) {
            return absolute;
        }
        long byRatio = Math.multiplyHigh(compressedSize, maxExpansionRatio) != 0 ? Long.MAX_VALUE
                : compressedSize * maxExpansionRatio;
        Limit expansion = byRatio > expansionFloor
                ? new Limit(byRatio, "images.max_expansion_ratio = %d times the %d compressed bytes"
                        .formatted(maxExpansionRatio, compressedSize))
                : new Limit(expansionFloor, "images.expansion_floor = %s, as %d compressed bytes times "
                        .formatted(ByteSizes.describe(expansionFloor), compressedSize)
                        + "images.max_expansion_ratio = %d is less".formatted(maxExpansionRatio));
        return expansion.value() < absolute.value() ? expansion : absolute;
    }

    private static void positive(long value, String setting) {
        if (value < 1) {
            throw new IllegalArgumentException("images." + setting + " must be positive, not " + value);
        }
    }
}
