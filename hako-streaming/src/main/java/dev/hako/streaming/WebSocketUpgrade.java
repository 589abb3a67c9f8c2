package dev.hako.streaming;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The WebSocket upgrade of kubelet's streaming server (wsstream.Conn.Open): the first subprotocol the
 * client asks for that the server supports is chosen; a client that asks for none gets the
 * unversioned binary channel protocol; a client that asks only for unsupported ones is refused.
 */
final class WebSocketUpgrade {
    /** Largest frame and message a client may send; stdin and port-forward data come in far smaller pieces. */
    static final int MAX_FRAME = 1 << 20;
    static final int MAX_MESSAGE = 4 << 20;

    private WebSocketUpgrade() {}

    /** A connection switched to WebSocket; {@code handshake} completes once the 101 is written. */
    record Upgraded(String protocol, WebSocketConnection connection, ChannelFuture handshake) {}

    static boolean isWebSocketRequest(HttpRequest req) {
        return "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE, "").trim())
                && req.headers().get(HttpHeaderNames.CONNECTION, "").toLowerCase(Locale.ROOT).contains("upgrade");
    }

    /**
     * Handshakes with the chosen subprotocol ("" when the client named none) and gives the channel to
     * the connection {@code connectionFor} makes for it; returns null when refused (answered already).
     */
    static Upgraded upgrade(ChannelHandlerContext ctx, FullHttpRequest req, List<String> supported,
            Function<String, WebSocketConnection> connectionFor) {
        List<String> requested = StreamHeaders.commaSeparated(req.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        String protocol = requested.isEmpty() ? "" : StreamHeaders.negotiate(requested, supported);
        if (protocol == null) {
            HttpErrors.send(ctx, HttpResponseStatus.FORBIDDEN,
                    "requested protocol(s) are not supported: %s; supports %s".formatted(requested, supported));
            return null;
        }
        String location = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                location, protocol.isEmpty() ? null : protocol, false, MAX_FRAME).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return null;
        }
        ChannelFuture handshake;
        try {
            // Puts the WebSocket codec in front of the HTTP codec and drops the latter once the 101 is out.
            handshake = handshaker.handshake(ctx.channel(), req);
        } catch (WebSocketHandshakeException e) {
            HttpErrors.send(ctx, HttpResponseStatus.BAD_REQUEST, "unable to upgrade: " + e.getMessage());
            return null;
        }
        WebSocketConnection connection = connectionFor.apply(protocol);
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE));
        p.addAfter("ws-aggregator", "ws-session", connection);
        p.remove(ctx.handler());
        return new Upgraded(protocol, connection, handshake);
    }
}
