package dev.hako.daemon.api;

import dev.hako.api.v1.DataChunk;
import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Writes bytes to a client as DataChunk messages of up to 1 MiB, waiting while the client is not
 * ready so a slow reader cannot make hakod buffer a whole archive.
 */
final class GrpcOutputStream extends OutputStream {
    private static final int CHUNK = 1 << 20;

    private final ServerCallStreamObserver<DataChunk> call;
    private final Object ready = new Object();
    private final byte[] buffer = new byte[CHUNK];
    private int filled;

    GrpcOutputStream(ServerCallStreamObserver<DataChunk> call) {
        this.call = call;
        call.setOnReadyHandler(() -> {
            synchronized (ready) {
                ready.notifyAll();
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == CHUNK) {
            flush();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == CHUNK) {
                flush();
            }
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (filled == 0) {
            return;
        }
        synchronized (ready) {
            while (!call.isReady()) {
                if (call.isCancelled()) {
                    throw new IOException("the client went away");
                }
                try {
                    ready.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
        }
        call.onNext(DataChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, filled)).build());
        filled = 0;
    }
}
