package dev.hako.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.HakoException;
import dev.hako.images.ImagesConfig;
import dev.hako.images.UnpackLimits;
import dev.hako.oci.Platform;
import dev.hako.registry.RegistryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code [images]} table of hako.toml: downloads, the registry idle timeout and the unpack limits. */
record ImagesTable(ImagesConfig images, Duration registryIdleTimeout) {
    static final Set<String> KEYS = Set.of("max_concurrent_downloads", "registry_idle_timeout_seconds", "max_layer_size",
            "max_image_size", "max_expansion_ratio", "expansion_floor", "max_layer_entries", "max_pending_hard_links");
    private static final Pattern SIZE = Pattern.compile("(\\d+) ?(B|KiB|MiB|GiB|TiB)?");
    private static final Map<String, Integer> SHIFTS = Map.of("B", 0, "KiB", 10, "MiB", 20, "GiB", 30, "TiB", 40);

    static ImagesTable defaults() {
        return new ImagesTable(ImagesConfig.defaults(), RegistryConfig.DEFAULT_IDLE_TIMEOUT);
    }

    /** Reads the table (already checked for unknown keys); null means defaults. */
    static ImagesTable parse(JsonNode table, String source) {
        ImagesTable d = defaults();
        if (table == null) {
            return d;
        }
        UnpackLimits l = d.images().limits();
        Reader r = new Reader(table, source);
        UnpackLimits limits = new UnpackLimits(
                r.size("max_layer_size", l.maxLayerSize()),
                r.size("max_image_size", l.maxImageSize()),
                r.count("max_expansion_ratio", l.maxExpansionRatio(), Integer.MAX_VALUE),
                r.size("expansion_floor", l.expansionFloor()),
                r.count("max_layer_entries", l.maxLayerEntries(), Long.MAX_VALUE),
                r.count("max_pending_hard_links", l.maxPendingHardLinks(), Long.MAX_VALUE));
        int downloads = (int) r.count("max_concurrent_downloads", d.images().maxConcurrentDownloads(), 64);
        long idle = r.count("registry_idle_timeout_seconds", d.registryIdleTimeout().toSeconds(), 86_400);
        return new ImagesTable(new ImagesConfig(downloads, Platform.host(), limits), Duration.ofSeconds(idle));
    }

    private record Reader(JsonNode table, String source) {
        /** A whole number from 1 to {@code max}. */
        long count(String key, long fallback, long max) {
            JsonNode n = table.get(key);
            if (n == null) {
                return fallback;
            }
            if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > max) {
                throw HakoException.invalid("%s: images.%s must be an integer from 1 to %d, not %s", source, key, max, n);
            }
            return n.asLong();
        }

        /** Bytes: a whole number, or a string with a binary unit ("64GiB", "512 MiB"). */
        long size(String key, long fallback) {
            JsonNode n = table.get(key);
            if (n == null) {
                return fallback;
            }
            if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 1) {
                return n.asLong();
            }
            Matcher m = n.isTextual() ? SIZE.matcher(n.asText().trim()) : null;
            if (m != null && m.matches()) {
                int shift = m.group(2) == null ? 0 : SHIFTS.get(m.group(2));
                try {
                    long value = Long.parseLong(m.group(1));
                    if (value >= 1 && value <= Long.MAX_VALUE >> shift) {
                        return value << shift;
                    }
                } catch (NumberFormatException e) {
                    // too long: reported below
                }
            }
            throw HakoException.invalid("%s: images.%s must be a positive number of bytes or a size such as \"64GiB\""
                    + " (units B, KiB, MiB, GiB, TiB), not %s", source, key, n);
        }
    }
}
