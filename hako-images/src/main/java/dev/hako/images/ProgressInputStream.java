package dev.hako.images;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Counts bytes read and reports the count now and then (not on every read: that would flood the CLI). */
final class ProgressInputStream extends FilterInputStream {
    private static final long REPORT_EVERY_BYTES = 512 * 1024;
    private static final long REPORT_EVERY_NANOS = 100_000_000;

    private final LongConsumer report;
    private long count;
    private long lastReportedCount;
    private long lastReportedAt = System.nanoTime();

    ProgressInputStream(InputStream in, LongConsumer report) {
        super(in);
        this.report = report;
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
        long s = in.skip(n);
        advance(s);
        return s;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    private void advance(long n) {
        count += n;
        long now = System.nanoTime();
        if (count - lastReportedCount >= REPORT_EVERY_BYTES || now - lastReportedAt >= REPORT_EVERY_NANOS) {
            lastReportedCount = count;
            lastReportedAt = now;
            report.accept(count);
        }
    }
}
