package dev.hako.streaming;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Numbered channels multiplexed over one WebSocket, as in Kubernetes' wsstream: every message starts
 * with its channel number (a byte, or an ASCII digit for the base64 subprotocols, whose payloads are
 * base64 text). With the v5 subprotocol a message {255, n} closes channel n: the client is done
 * sending on it.
 */
final class WebSocketConnection extends SimpleChannelInboundHandler<WebSocketFrame> implements Closeable {
    private static final Logger LOG = System.getLogger("hako.streaming");
    private static final int CLOSE_SIGNAL = 255;
    private static final long LINGER_SECONDS = 5;

    /** Which way a channel carries data, seen from the server. */
    enum Use {
        IGNORE, READ, WRITE, READ_WRITE;

        boolean reads() {
            return this == READ || this == READ_WRITE;
        }

        boolean writes() {
            return this == WRITE || this == READ_WRITE;
        }
    }

    private final Channel channel;
    private final boolean base64;
    private final boolean closeSignal;
    private final InboundPipe[] inputs;
    private final FrameOutputStream[] outputs;
    private volatile boolean closeSent;

    WebSocketConnection(Channel channel, List<Use> uses, boolean base64, boolean closeSignal) {
        this.channel = channel;
        this.base64 = base64;
        this.closeSignal = closeSignal;
        ReadThrottle throttle = new ReadThrottle(channel);
        inputs = new InboundPipe[uses.size()];
        outputs = new FrameOutputStream[uses.size()];
        for (int i = 0; i < uses.size(); i++) {
            int number = i;
            if (uses.get(i).reads()) {
                inputs[i] = new InboundPipe(throttle);
            }
            if (uses.get(i).writes()) {
                outputs[i] = new FrameOutputStream((data, last) -> send(number, data), false);
            }
        }
    }

    /** What the client sends on channel {@code n}; null unless the channel reads. */
    InputStream input(int n) {
        return inputs[n];
    }

    /** The server's writes on channel {@code n}; null unless the channel writes. */
    FrameOutputStream output(int n) {
        return outputs[n];
    }

    private ChannelFuture send(int number, byte[] data) throws IOException {
        if (closeSent || !channel.isActive()) {
            throw new IOException("WebSocket connection is closed");
        }
        WebSocketFrame frame = base64
                ? new TextWebSocketFrame((char) ('0' + number) + Base64.getEncoder().encodeToString(data))
                : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) number}, data));
        return channel.writeAndFlush(frame);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case BinaryWebSocketFrame f -> onMessage(ByteBufUtil.getBytes(f.content()));
            case TextWebSocketFrame f -> onMessage(ByteBufUtil.getBytes(f.content()));
            case PingWebSocketFrame f -> ctx.writeAndFlush(new PongWebSocketFrame(f.content().retain()));
            case CloseWebSocketFrame _ -> onPeerClose(ctx);
            default -> {
                // Pongs, and continuations (the aggregator joins those before they get here).
            }
        }
    }

    private void onMessage(byte[] message) {
        if (message.length == 0) {
            return;
        }
        int first = message[0] & 0xFF;
        if (closeSignal && first == CLOSE_SIGNAL) {
            if (message.length != 2 || (message[1] & 0xFF) >= inputs.length) {
                LOG.log(Level.DEBUG, "bad close signal ({0} bytes), closing the WebSocket", message.length);
                close();
                return;
            }
            InboundPipe input = inputs[message[1] & 0xFF];
            if (input != null) {
                input.finish();
            }
            return;
        }
        int number = base64 ? first - '0' : first;
        if (number < 0 || number >= inputs.length || inputs[number] == null) {
            return; // not a channel the client may write to; wsstream drops these too
        }
        byte[] payload = Arrays.copyOfRange(message, 1, message.length);
        if (base64) {
            try {
                payload = Base64.getDecoder().decode(payload);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.DEBUG, "dropping a message on channel {0}: not base64", number);
                return;
            }
        }
        inputs[number].offer(payload);
    }

    private void onPeerClose(ChannelHandlerContext ctx) {
        finishInputs();
        if (closeSent) {
            ctx.close();
        } else {
            closeSent = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void finishInputs() {
        for (InboundPipe input : inputs) {
            if (input != null) {
                input.finish();
            }
        }
    }

    /** Says Close and waits (a while) for the client's Close before dropping the connection. */
    @Override
    public void close() {
        ChannelTasks.execute(channel, () -> {
            if (closeSent || !channel.isActive()) {
                return;
            }
            closeSent = true;
            for (InboundPipe input : inputs) {
                if (input != null) {
                    input.discard();
                }
            }
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
            channel.config().setAutoRead(true);
            channel.eventLoop().schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeSent = true;
        finishInputs();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "WebSocket connection from {0} failed: {1}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
