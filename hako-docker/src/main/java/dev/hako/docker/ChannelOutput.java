package dev.hako.docker;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body written from a handler's thread: each write goes out at once (progress and
 * log lines must not wait in a buffer) and blocks while the client does not read, so a slow
 * client holds the writer back instead of filling the daemon's memory. A client that went away
 * makes writes fail, which stops whatever was producing them.
 */
final class ChannelOutput extends OutputStream {
    private final Channel channel;
    private final boolean chunked;
    private boolean closed;

    /** @param chunked HTTP chunks of a streamed response; false: raw bytes of a hijacked connection */
    ChannelOutput(Channel channel, boolean chunked) {
        this.channel = channel;
        this.chunked = chunked;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the response is complete");
        }
        if (len == 0) {
            return;
        }
        if (!channel.isActive()) {
            throw new IOException("the client went away");
        }
        var buf = Unpooled.copiedBuffer(b, off, len);
        ChannelFuture written = channel.writeAndFlush(chunked ? new DefaultHttpContent(buf) : buf);
        if (!channel.isWritable()) {
            written.awaitUninterruptibly();
            if (!written.isSuccess()) {
                throw new IOException("the client went away", written.cause());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (chunked && channel.isActive()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).awaitUninterruptibly();
        }
    }
}
