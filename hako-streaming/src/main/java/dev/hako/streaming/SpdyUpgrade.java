package dev.hako.streaming;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP upgrade to SPDY/3.1 that kubelet's streaming server does (httpstream.Handshake, then
 * spdy.ResponseUpgrader): negotiate a subprotocol from X-Stream-Protocol-Version, answer 101, and
 * switch the channel from HTTP to SPDY frames.
 */
final class SpdyUpgrade {
    private SpdyUpgrade() {}

    /** A connection switched to SPDY, and the subprotocol agreed for it. */
    record Upgraded(String protocol, SpdyConnection connection) {}

    /**
     * Upgrades the connection, giving the client's streams to {@code acceptor}; returns null when the
     * request is refused (the response says why and the connection closes).
     */
    static Upgraded upgrade(ChannelHandlerContext ctx, HttpRequest req, List<String> serverProtocols,
            SpdyConnection.StreamAcceptor acceptor) {
        List<String> clientProtocols = StreamHeaders.commaSeparated(req.headers().getAll(StreamHeaders.PROTOCOL_VERSION));
        if (clientProtocols.isEmpty()) {
            HttpErrors.send(ctx, HttpResponseStatus.BAD_REQUEST,
                    "unable to upgrade: " + StreamHeaders.PROTOCOL_VERSION + " is required");
            return null;
        }
        String protocol = StreamHeaders.negotiate(clientProtocols, serverProtocols);
        if (protocol == null) {
            HttpHeaders accepted = new DefaultHttpHeaders();
            serverProtocols.forEach(p -> accepted.add(StreamHeaders.ACCEPTED_PROTOCOL_VERSIONS, p));
            HttpErrors.send(ctx, HttpResponseStatus.FORBIDDEN,
                    "unable to upgrade: unable to negotiate protocol: client supports %s, server accepts %s"
                            .formatted(clientProtocols, serverProtocols), accepted);
            return null;
        }
        if (!hasUpgradeHeaders(req)) {
            HttpErrors.send(ctx, HttpResponseStatus.BAD_REQUEST,
                    "unable to upgrade: missing upgrade headers in request (want Connection: Upgrade and Upgrade: "
                            + StreamHeaders.SPDY_31 + ", or a WebSocket upgrade)");
            return null;
        }

        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers()
                .set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.UPGRADE, StreamHeaders.SPDY_31)
                .set(StreamHeaders.PROTOCOL_VERSION, protocol);
        // Written while the HTTP codec is still in place; the client sends no frame before it reads the 101.
        ctx.writeAndFlush(response);

        SpdyConnection connection = new SpdyConnection(ctx.channel(), acceptor);
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(HttpRequestRouter.HTTP_CODEC, "spdy-codec", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        p.addAfter("spdy-codec", "spdy-session", connection);
        p.remove(HttpRequestRouter.HTTP_AGGREGATOR);
        p.remove(ctx.handler());
        p.remove(HttpRequestRouter.HTTP_CODEC);
        return new Upgraded(protocol, connection);
    }

    static boolean hasUpgradeHeaders(HttpRequest req) {
        String connection = req.headers().get(HttpHeaderNames.CONNECTION, "").toLowerCase(Locale.ROOT);
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE, "").toLowerCase(Locale.ROOT);
        return connection.contains("upgrade") && upgrade.contains(StreamHeaders.SPDY_31.toLowerCase(Locale.ROOT));
    }
}
