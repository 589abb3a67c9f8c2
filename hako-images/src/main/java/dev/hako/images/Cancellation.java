package dev.hako.images;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cancel handle of an operation (a pull): whoever started it may stop it from another thread,
 * as hakod does when the client of the call goes away or its deadline passes. Cancelling interrupts
 * the thread running the operation (a request waiting for a registry's answer gives up) and closes
 * what the operation registered (its downloads: a read blocked on a socket ignores interrupts).
 * The operation then fails with CANCELLED and, as any failed pull, leaves nothing behind.
 */
public final class Cancellation {
    private final Object lock = new Object();
    private final Set<Closeable> onCancel = new LinkedHashSet<>();
    private String reason;
    private Thread running;

    /** Stops the operation; later calls change nothing. */
    public void cancel(String why) {
        List<Closeable> toClose;
        synchronized (lock) {
            if (reason != null) {
                return;
            }
            reason = why;
            toClose = new ArrayList<>(onCancel);
            onCancel.clear();
            if (running != null) {
                running.interrupt(); // under the lock: the thread cannot leave the operation meanwhile
            }
        }
        for (Closeable c : toClose) {
            closeQuietly(c);
        }
    }

    public boolean isCancelled() {
        synchronized (lock) {
            return reason != null;
        }
    }

    /** Fails with CANCELLED once cancelled: the operation's check between its steps. */
    void check() {
        synchronized (lock) {
            if (reason != null) {
                throw cancelled(null);
            }
        }
    }

    /** The error an operation ends with once cancelled; {@code cause} is how the cancellation reached it. */
    HakoException cancelled(Throwable cause) {
        String why;
        synchronized (lock) {
            why = reason;
        }
        return new HakoException(ErrorKind.CANCELLED, "cancelled: " + why, cause);
    }

    /**
     * Runs the operation on the calling thread until the returned scope is closed: a cancel meanwhile
     * interrupts it. Closing the scope clears an interrupt that a cancel left, so that it reaches
     * nothing the thread does next (a pooled thread serves other calls afterwards).
     */
    Scope enter() {
        synchronized (lock) {
            if (running != null) {
                throw new IllegalStateException("the operation is already running on " + running);
            }
            if (reason != null) {
                throw cancelled(null);
            }
            running = Thread.currentThread();
        }
        return () -> {
            boolean cancelled;
            synchronized (lock) {
                running = null;
                cancelled = reason != null;
            }
            if (cancelled) {
                Thread.interrupted();
            }
        };
    }

    /**
     * Has {@code c} closed on cancel (at once when already cancelled) until the returned
     * registration is closed.
     */
    Registration onCancel(Closeable c) {
        synchronized (lock) {
            if (reason == null) {
                onCancel.add(c);
                return () -> {
                    synchronized (lock) {
                        onCancel.remove(c);
                    }
                };
            }
        }
        closeQuietly(c);
        return () -> { };
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // closing only to stop the operation; it reports its own failure
        }
    }

    /** While the operation runs on a thread. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** While something is closed on cancel. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
