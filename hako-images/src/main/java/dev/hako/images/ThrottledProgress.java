package dev.hako.images;

import dev.hako.archive.CountingInputStream;
import java.util.function.LongConsumer;

/** Passes a stream's running count on now and then, not on every read: that would flood the CLI. */
final class ThrottledProgress implements CountingInputStream.Listener {
    private static final long REPORT_EVERY_BYTES = 512 * 1024;
    private static final long REPORT_EVERY_NANOS = 100_000_000;

    private final LongConsumer report;
    private long lastReportedCount;
    private long lastReportedAt = System.nanoTime();

    ThrottledProgress(LongConsumer report) {
        this.report = report;
    }

    @Override
    public void read(long bytes, long total) {
        long now = System.nanoTime();
        if (total - lastReportedCount >= REPORT_EVERY_BYTES || now - lastReportedAt >= REPORT_EVERY_NANOS) {
            lastReportedCount = total;
            lastReportedAt = now;
            report.accept(total);
        }
    }
}
