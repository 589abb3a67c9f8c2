package dev.hako.images;

/** Byte counts as hako.toml spells them: 64 GiB, 512 MiB, 1000 bytes. */
final class ByteSizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private ByteSizes() {}

    /** The largest binary unit that divides {@code bytes} exactly, so nothing is rounded away. */
    static String describe(long bytes) {
        String unit = null;
        long value = bytes;
        for (String u : UNITS) {
            if (value == 0 || value % 1024 != 0) {
                break;
            }
            value /= 1024;
            unit = u;
        }
        return unit == null ? bytes + " bytes" : value + " " + unit;
    }
}
