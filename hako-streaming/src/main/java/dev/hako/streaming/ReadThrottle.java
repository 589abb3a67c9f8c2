package dev.hako.streaming;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stops reading from a connection while its streams hold more unread bytes than a handler has taken,
 * so a process that does not read its stdin cannot make the server buffer without bound. All streams
 * of one connection share it, as they share the socket.
 */
final class ReadThrottle {
    static final long HIGH_WATER = 1 << 20;
    static final long LOW_WATER = 256 << 10;

    private final Channel channel;
    private final AtomicLong buffered = new AtomicLong();
    private volatile boolean paused;

    ReadThrottle(Channel channel) {
        this.channel = channel;
    }

    /** Counts bytes queued for a reader; called on the event loop. */
    void queued(long n) {
        if (buffered.addAndGet(n) > HIGH_WATER && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
            // A reader may have drained everything between the add and the pause; it saw paused=false
            // then, so resume here (release() re-reads paused after its own decrement: no lost wake-up).
            resumeIfLow();
        }
    }

    /** Counts bytes a reader took or that were dropped; called from any thread. */
    void released(long n) {
        if (buffered.addAndGet(-n) < LOW_WATER && paused) {
            ChannelTasks.execute(channel, this::resumeIfLow);
        }
    }

    private void resumeIfLow() {
        if (paused && buffered.get() < LOW_WATER) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }
}
