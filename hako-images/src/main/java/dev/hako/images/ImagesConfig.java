package dev.hako.images;

import dev.hako.oci.Platform;
import java.util.Objects;

/**
 * Settings of the image service ({@code [images]} in hako.toml).
 *
 * @param limits how much an image may unpack to (pulls, loads and imports)
 */
public record ImagesConfig(int maxConcurrentDownloads, Platform defaultPlatform, UnpackLimits limits) {
    public ImagesConfig {
        if (maxConcurrentDownloads < 1) {
            throw new IllegalArgumentException("max_concurrent_downloads must be at least 1");
        }
        Objects.requireNonNull(limits, "limits");
    }

    public ImagesConfig(int maxConcurrentDownloads, Platform defaultPlatform) {
        this(maxConcurrentDownloads, defaultPlatform, UnpackLimits.defaults());
    }

    public static ImagesConfig defaults() {
        return new ImagesConfig(3, Platform.host(), UnpackLimits.defaults());
    }
}
