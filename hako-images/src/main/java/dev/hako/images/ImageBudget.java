package dev.hako.images;

import dev.hako.archive.CountingInputStream;
import dev.hako.archive.LayerLimits.Limit;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The uncompressed bytes one image may unpack to, shared by its layers as they unpack side by
 * side: the read that takes the image past its limit fails, whichever layer it is in.
 */
final class ImageBudget {
    private final Limit limit;
    private final AtomicLong used = new AtomicLong();

    ImageBudget(Limit limit) {
        this.limit = limit;
    }

    /** Counts what is read from {@code uncompressed} (a layer's tar stream) against the image. */
    InputStream meter(InputStream uncompressed) {
        return new CountingInputStream(uncompressed, (n, total) -> charge(n));
    }

    /** Counts {@code bytes} more (content copied up from lower layers, say); fails past the limit. */
    void charge(long bytes) {
        limit.check(used.addAndGet(bytes), "%d bytes uncompressed in the image");
    }
}
