package dev.hako.archive;

import dev.hako.errdefs.HakoException;

/**
 * What one layer may make, so that a small download can fill neither the disk (a layer of zeros
 * compresses a thousandfold) nor hakod's memory (every hard link to a lower layer is remembered
 * until the layer is finished). The unpack counts as it goes and stops at the first bound passed,
 * with an error that names the bound's setting.
 *
 * @param bytes uncompressed bytes of the layer's tar stream, headers and padding included
 * @param entries tar entries
 * @param pendingHardLinks hard links to files of the layers below
 */
public record LayerLimits(Limit bytes, Limit entries, Limit pendingHardLinks) {
    /** No bounds at all. */
    public static final LayerLimits NONE = new LayerLimits(Limit.NONE, Limit.NONE, Limit.NONE);

    /**
     * One bound, and where it comes from as the operator would recognise it (a hako.toml setting,
     * with how it was worked out for this layer): {@code images.max_layer_size = 64 GiB}.
     */
    public record Limit(long value, String setting) {
        public static final Limit NONE = new Limit(Long.MAX_VALUE, "none");

        public Limit {
            if (value < 0) {
                throw new IllegalArgumentException("a limit cannot be negative: " + value);
            }
        }

        /** Throws when {@code count} is past this limit; {@code what} says what passed it ("%d entries"). */
        public void check(long count, String what) {
            if (count > value) {
                throw HakoException.invalid("more than " + what + " (%s)", value, setting);
            }
        }
    }
}
