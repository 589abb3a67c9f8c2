package dev.hako.daemon.api;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bytes a client streams to hakod, read as an InputStream by a worker thread. Messages are
 * requested from the client one at a time as they are consumed, so a fast client cannot fill
 * hakod's memory.
 */
final class GrpcInputStream extends InputStream {
    private static final Object END = new Object();
    private static final long IDLE_TIMEOUT_MINUTES = 10;

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ServerCallStreamObserver<?> call;
    private ByteString current = ByteString.EMPTY;
    private int position;
    private boolean ended;

    GrpcInputStream(ServerCallStreamObserver<?> call) {
        this.call = call;
    }

    void offer(ByteString data) {
        queue.add(data);
    }

    void complete() {
        queue.add(END);
    }

    void fail(Throwable t) {
        queue.add(t);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (position >= current.size()) {
            if (ended) {
                return -1;
            }
            next();
        }
        int n = Math.min(len, current.size() - position);
        current.copyTo(b, position, off, n);
        position += n;
        return n;
    }

    private void next() throws IOException {
        Object item;
        try {
            call.request(1);
            item = queue.poll(IDLE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the client");
        }
        if (item == null) {
            throw new IOException("the client sent nothing for " + IDLE_TIMEOUT_MINUTES + " minutes");
        }
        if (item instanceof Throwable t) {
            throw new IOException("the client stream failed: " + t.getMessage(), t);
        }
        if (item == END) {
            ended = true;
            current = ByteString.EMPTY;
        } else {
            current = (ByteString) item;
        }
        position = 0;
    }
}
