package dev.hako.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes a client sends on one stream, handed from the event loop to a handler's blocking reads.
 * Ends (read returns -1) when the client finishes the stream or the connection goes; bytes nobody will
 * read are dropped rather than buffered.
 */
final class InboundPipe extends InputStream {
    private final ReadThrottle throttle;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private long buffered;
    private boolean finished;
    private boolean discarding;

    InboundPipe(ReadThrottle throttle) {
        this.throttle = throttle;
    }

    /** Queues bytes from the client; called on the event loop. */
    void offer(byte[] data) {
        if (data.length == 0) {
            return;
        }
        lock.lock();
        try {
            if (finished || discarding) {
                return;
            }
            chunks.add(data);
            buffered += data.length;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        throttle.queued(data.length);
    }

    /** The client will send no more; readers get what is queued, then the end. */
    void finish() {
        lock.lock();
        try {
            finished = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and all that comes later; readers see the end at once. */
    void discard() {
        long dropped;
        lock.lock();
        try {
            discarding = true;
            finished = true;
            dropped = buffered;
            buffered = 0;
            chunks.clear();
            headOffset = 0;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            throttle.released(dropped);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n;
        lock.lock();
        try {
            while (chunks.isEmpty() && !finished) {
                readable.await();
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] head = chunks.peek();
            n = Math.min(len, head.length - headOffset);
            System.arraycopy(head, headOffset, b, off, n);
            headOffset += n;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
            buffered -= n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for client data");
        } finally {
            lock.unlock();
        }
        throttle.released(n);
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        discard();
    }
}
