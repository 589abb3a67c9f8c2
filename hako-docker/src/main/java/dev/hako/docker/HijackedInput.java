package dev.hako.docker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What the client of a hijacked connection sends (a container's stdin), read by a handler's
 * thread. The event loop hands each buffer over as it arrives; the stream ends when the client
 * closes its side (docker's CloseWrite) or the connection. A client that sends faster than the
 * container reads is held back: past {@link #HIGH} buffers waiting, the connection stops reading
 * until the reader is down to {@link #LOW}, so hakod's memory does not fill.
 */
final class HijackedInput extends InputStream {
    static final int HIGH = 16;
    static final int LOW = 4;
    private static final byte[] END = new byte[0];
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final Channel channel;
    private volatile boolean paused;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    /** @param channel the connection, paused and resumed as the reader keeps up; null: never paused */
    HijackedInput(Channel channel) {
        this.channel = channel;
    }

    /** Called on the event loop. */
    void offer(ByteBuf buf) {
        chunks.add(ByteBufUtil.getBytes(buf));
        if (channel != null && chunks.size() > HIGH && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
    }

    private void resumeIfDrained() {
        if (paused && chunks.size() <= LOW) {
            channel.eventLoop().execute(() -> {
                if (paused && channel.isActive() && !(channel instanceof DuplexChannel d && d.isInputShutdown())) {
                    paused = false;
                    channel.config().setAutoRead(true);
                    channel.read();
                }
            });
        }
    }

    /** Called on the event loop: nothing more comes. */
    void end() {
        chunks.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos >= current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
                resumeIfDrained();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the client's input");
            }
            pos = 0;
            if (current == END) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
