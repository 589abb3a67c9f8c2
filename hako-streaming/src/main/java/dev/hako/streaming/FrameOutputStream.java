package dev.hako.streaming;

import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A handler's writes to one stream, sent as frames on the connection. Each write waits until its
 * frames reached the socket, which paces a fast process to the client. Must not be used on the
 * event loop.
 */
final class FrameOutputStream extends OutputStream {
    /** Most bytes in one frame: small enough that streams sharing a connection take turns. */
    static final int MAX_CHUNK = 32 * 1024;

    /** Sends one frame; {@code last} marks the end of the stream (null data then). */
    interface FrameSender {
        ChannelFuture send(byte[] data, boolean last) throws IOException;
    }

    private final FrameSender sender;
    private final boolean sendsEnd;
    private boolean closed;

    /**
     * @param sendsEnd whether close() sends an end-of-stream frame (SPDY's FIN); WebSocket channels have none
     */
    FrameOutputStream(FrameSender sender, boolean sendsEnd) {
        this.sender = sender;
        this.sendsEnd = sendsEnd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        for (int pos = off; pos < off + len; pos += MAX_CHUNK) {
            int n = Math.min(MAX_CHUNK, off + len - pos);
            await(sender.send(Arrays.copyOfRange(b, pos, pos + n), false));
        }
    }

    /** An empty frame: WebSocket clients take it as "the connection is ready". */
    synchronized void writeEmpty() throws IOException {
        await(sender.send(new byte[0], false));
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (sendsEnd) {
            await(sender.send(null, true));
        }
    }

    static void await(ChannelFuture f) throws IOException {
        try {
            f.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to the client");
        }
        if (!f.isSuccess()) {
            throw new IOException("connection to the client is closed", f.cause());
        }
    }
}
