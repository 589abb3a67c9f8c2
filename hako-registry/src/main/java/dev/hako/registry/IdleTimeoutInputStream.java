package dev.hako.registry;

import dev.hako.errdefs.HakoException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body that must keep coming. The JDK's HttpClient has no read timeout for bodies, so a
 * registry that sends its headers and then nothing, or a byte a second, would hold a pull (and
 * whatever waits on it) for good. Here, once reads have waited {@code timeout} in all without
 * {@link #PROGRESS_BYTES} arriving, a watchdog closes the body, which aborts the request, and the
 * read fails with UNAVAILABLE. Only time spent inside reads counts: a caller that is slow to read
 * (a busy disk) is not the registry's fault.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    /** What counts as progress: a trickle of a few bytes now and then does not. */
    static final int PROGRESS_BYTES = 32 * 1024;

    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final long timeoutNanos;
    private final Duration timeout;
    private final String source;
    private final ScheduledFuture<?> watch;
    // Guarded by this: what the reading thread did since the last progress, for the watchdog.
    private long waitedNanos;
    private long readingSince;
    private long bytesSinceProgress;
    private boolean expired;
    private boolean finished;

    /**
     * @param source what is read, for the error: {@code registry 127.0.0.1:5000 (GET http://...)}
     */
    IdleTimeoutInputStream(InputStream in, Duration timeout, String source) {
        super(in);
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.source = source;
        long period = Math.clamp(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(1));
        this.watch = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public int read() throws IOException {
        begin();
        int b = -1;
        try {
            b = in.read();
        } catch (IOException e) {
            throw failure(e);
        } finally {
            end(b < 0 ? -1 : 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        begin();
        int n = -1;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw failure(e);
        } finally {
            end(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        begin();
        long skipped = 0;
        try {
            skipped = in.skip(n);
        } catch (IOException e) {
            throw failure(e);
        } finally {
            end(skipped > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            finished = true;
        }
        watch.cancel(false);
        in.close();
    }

    private synchronized void begin() {
        if (expired) {
            throw stalled();
        }
        readingSince = System.nanoTime();
    }

    /** @param n what the read returned: bytes, 0, or -1 at the end (or on failure) */
    private synchronized void end(int n) {
        waitedNanos += System.nanoTime() - readingSince;
        readingSince = 0;
        if (n < 0) {
            finished = true;
            watch.cancel(false);
            return;
        }
        bytesSinceProgress += n;
        if (bytesSinceProgress >= PROGRESS_BYTES) {
            bytesSinceProgress = 0;
            waitedNanos = 0;
        }
    }

    /** The watchdog's look: closing the body from here wakes a read blocked on it and drops the connection. */
    private void check() {
        synchronized (this) {
            long waited = waitedNanos + (readingSince == 0 ? 0 : System.nanoTime() - readingSince);
            if (finished || expired || waited < timeoutNanos) {
                return;
            }
            expired = true;
        }
        watch.cancel(false);
        try {
            in.close();
        } catch (IOException e) {
            // the connection is dropped either way
        }
    }

    private IOException failure(IOException e) {
        synchronized (this) {
            if (!expired) {
                return e;
            }
        }
        throw stalled();
    }

    private HakoException stalled() {
        return HakoException.unavailable("%s stalled: less than %d KiB came in %s; the download is cut off", source,
                PROGRESS_BYTES / 1024, describe(timeout));
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        var executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("registry-idle-watchdog").factory());
        executor.setRemoveOnCancelPolicy(true); // one task per body: cancelled ones must not pile up
        return executor;
    }
}
