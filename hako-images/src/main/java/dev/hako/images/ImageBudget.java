package dev.hako.images;

import dev.hako.archive.LayerLimits.Limit;
import java.io.FilterInputStream;
import java.io.IOException;
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
        return new FilterInputStream(uncompressed) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    charge(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    charge(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = in.skip(n);
                charge(skipped);
                return skipped;
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    /** Counts {@code bytes} more (content copied up from lower layers, say); fails past the limit. */
    void charge(long bytes) {
        limit.check(used.addAndGet(bytes), "%d bytes uncompressed in the image");
    }
}
