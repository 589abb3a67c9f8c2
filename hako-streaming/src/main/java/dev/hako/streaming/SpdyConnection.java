package dev.hako.streaming;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyHeadersFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySessionStatus;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.Closeable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of a SPDY/3.1 session after the HTTP upgrade, with the semantics of the Go
 * library kubelet's clients use (moby/spdystream): the client opens every stream, each accepted stream
 * gets an empty SYN_REPLY, a refused one a RST_STREAM, and PINGs are echoed.
 *
 * <p>There is no flow control, on purpose: spdystream neither sends WINDOW_UPDATE nor honours it, so a
 * server that waited for window updates would stall after 64 KiB. Pacing comes from TCP instead:
 * writers wait for their frames to reach the socket and reading pauses while streams hold too much
 * unread data ({@link ReadThrottle}).
 */
final class SpdyConnection extends ChannelInboundHandlerAdapter implements Closeable {
    private static final Logger LOG = System.getLogger("hako.streaming");
    /** How long a closing connection waits for the client to hang up before closing it anyway. */
    private static final long LINGER_SECONDS = 5;

    /** Decides about each stream the client opens. Called on the event loop, so it must not block. */
    interface StreamAcceptor {
        /** Returns why the stream is refused (it is reset), or null to accept it. */
        String accept(SpdyStream stream);

        /** The connection is gone; streams not yet handed out will never come. */
        default void connectionClosed() {}
    }

    private final Channel channel;
    private final ReadThrottle throttle;
    private final StreamAcceptor acceptor;
    // Event loop only.
    private final Map<Integer, SpdyStream> streams = new HashMap<>();
    private int lastClientStreamId;
    private boolean closing;

    SpdyConnection(Channel channel, StreamAcceptor acceptor) {
        this.channel = channel;
        this.throttle = new ReadThrottle(channel);
        this.acceptor = acceptor;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            switch (msg) {
                case SpdySynStreamFrame f -> onSynStream(f);
                case SpdyDataFrame f -> onData(f);
                case SpdyRstStreamFrame f -> onReset(f.streamId());
                case SpdyPingFrame f -> onPing(f);
                case SpdyGoAwayFrame _ -> closing = true; // the client opens no more streams; running ones go on
                case SpdyHeadersFrame f -> {
                    if (f.isLast()) {
                        onRemoteFinished(f.streamId());
                    }
                }
                default -> {
                    // SETTINGS and WINDOW_UPDATE carry flow control, which this session does not do.
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onSynStream(SpdySynStreamFrame f) {
        int id = f.streamId();
        if (id % 2 == 0 || id <= lastClientStreamId) {
            // Client streams are odd and increasing; anything else is a protocol error, as in spdystream.
            reset(id, SpdyStreamStatus.PROTOCOL_ERROR);
            return;
        }
        lastClientStreamId = id;
        if (closing || f.isInvalid() || f.isTruncated()) {
            reset(id, closing ? SpdyStreamStatus.REFUSED_STREAM : SpdyStreamStatus.PROTOCOL_ERROR);
            return;
        }
        Map<String, String> headers = new HashMap<>();
        for (Iterator<Map.Entry<String, String>> it = f.headers().iteratorAsString(); it.hasNext(); ) {
            Map.Entry<String, String> h = it.next();
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        SpdyStream stream = new SpdyStream(this, id, headers, throttle);
        String refusal = acceptor.accept(stream);
        if (refusal != null) {
            LOG.log(Level.DEBUG, "SPDY stream {0} refused: {1}", id, refusal);
            reset(id, SpdyStreamStatus.REFUSED_STREAM);
            return;
        }
        streams.put(id, stream);
        channel.writeAndFlush(synReply(id));
        if (f.isLast()) {
            onRemoteFinished(id);
        }
    }

    /**
     * The reply accepting a stream. It carries a header because Netty encodes an empty header set as no
     * header block at all, which Go's SPDY framer (in every kubelet client) rejects as malformed,
     * dropping the connection; spdystream ignores reply headers, so any header serves.
     */
    private static SpdySynReplyFrame synReply(int id) {
        SpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
        reply.headers().set(":status", "200");
        return reply;
    }

    private void onData(SpdyDataFrame f) {
        SpdyStream stream = streams.get(f.streamId());
        if (stream == null || stream.isRemoteFinished()) {
            return; // gone away already; spdystream drops such frames too
        }
        stream.received(ByteBufUtil.getBytes(f.content()));
        if (f.isLast()) {
            onRemoteFinished(f.streamId());
        }
    }

    private void onRemoteFinished(int id) {
        SpdyStream stream = streams.get(id);
        if (stream != null && stream.remoteFinished()) {
            streams.remove(id);
        }
    }

    private void onReset(int id) {
        SpdyStream stream = streams.remove(id);
        if (stream != null) {
            stream.reset();
        }
    }

    private void onPing(SpdyPingFrame f) {
        if (f.id() % 2 != 0) { // a client's ping (odd id): answer it
            channel.writeAndFlush(new DefaultSpdyPingFrame(f.id()));
        }
    }

    private void reset(int id, SpdyStreamStatus status) {
        channel.writeAndFlush(new DefaultSpdyRstStreamFrame(id, status));
    }

    /** Sends a DATA frame; any thread. */
    ChannelFuture writeData(int id, byte[] data, boolean last) {
        SpdyDataFrame frame = new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(data));
        frame.setLast(last);
        return channel.writeAndFlush(frame);
    }

    /** The server finished its side of {@code stream}; forget it once the client has too. */
    void localFinished(SpdyStream stream) {
        ChannelTasks.execute(channel, () -> {
            if (stream.isRemoteFinished()) {
                streams.remove(stream.id());
            }
        });
    }

    /**
     * Ends the session: finishes the server's side of every stream, says GOAWAY, and half-closes the
     * socket, then waits (a while) for the client to hang up. Closing at once could reset the TCP
     * connection while the client still sends, and a reset may destroy the status not yet read.
     */
    @Override
    public void close() {
        ChannelTasks.execute(channel, () -> {
            if (!channel.isActive()) {
                return;
            }
            closing = true;
            for (SpdyStream stream : new ArrayList<>(streams.values())) {
                stream.ignoreInput();
                if (!stream.localFinished()) {
                    writeData(stream.id(), new byte[0], true);
                }
            }
            channel.writeAndFlush(new DefaultSpdyGoAwayFrame(lastClientStreamId, SpdySessionStatus.OK))
                    .addListener(f -> {
                        if (channel instanceof SocketChannel socket && f.isSuccess()) {
                            socket.shutdownOutput();
                        }
                    });
            channel.config().setAutoRead(true);
            channel.eventLoop().schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (SpdyStream stream : streams.values()) {
            stream.reset();
        }
        streams.clear();
        acceptor.connectionClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "SPDY connection from {0} failed: {1}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
