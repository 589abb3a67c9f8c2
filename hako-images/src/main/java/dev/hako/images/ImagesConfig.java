package dev.hako.images;

import dev.hako.oci.Platform;

/** Settings of the image service ({@code [images]} in hako.toml). */
public record ImagesConfig(int maxConcurrentDownloads, Platform defaultPlatform) {
    public ImagesConfig {
        if (maxConcurrentDownloads < 1) {
            throw new IllegalArgumentException("max_concurrent_downloads must be at least 1");
        }
    }

    public static ImagesConfig defaults() {
        return new ImagesConfig(3, Platform.host());
    }
}
