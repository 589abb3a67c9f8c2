package dev.hako.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Tells a {@link Listener} of every read, with the bytes it read and the total so far, before the
 * caller sees them: a listener that throws (a limit passed, a pull cancelled) stops the bytes
 * from being used. Layer limits, an image's budget and pull progress all count this way.
 */
public final class CountingInputStream extends FilterInputStream {
    /** Hears of each read. */
    @FunctionalInterface
    public interface Listener {
        void read(long bytes, long total) throws IOException;
    }

    private final Listener listener;
    private long total;

    public CountingInputStream(InputStream in, Listener listener) {
        super(in);
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (skipped > 0) {
            advance(skipped);
        }
        return skipped;
    }

    /** Counting cannot go back: a reset would count bytes twice. */
    @Override
    public boolean markSupported() {
        return false;
    }

    public long total() {
        return total;
    }

    private void advance(long n) throws IOException {
        total += n;
        listener.read(n, total);
    }
}
