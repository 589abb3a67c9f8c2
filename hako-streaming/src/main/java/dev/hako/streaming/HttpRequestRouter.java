package dev.hako.streaming;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The HTTP side of the server: /exec/TOKEN, /attach/TOKEN and /portforward/TOKEN (GET or POST, as
 * kubelet routes them). The token is used up by the first request that names it, whatever happens
 * next; an unknown, used or expired token, or one of another kind, gets 404.
 */
final class HttpRequestRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = System.getLogger("hako.streaming");

    // Pipeline names the upgrades rewire.
    static final String HTTP_CODEC = "http-codec";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String ROUTER = "router";

    private final ServerContext server;

    HttpRequestRouter(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            HttpErrors.send(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        String[] parts = new QueryStringDecoder(req.uri()).path().split("/", -1);
        if (parts.length != 3 || !parts[0].isEmpty() || parts[2].isEmpty()) {
            HttpErrors.notFound(ctx);
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.POST)) {
            HttpErrors.send(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "405: Method Not Allowed");
            return;
        }
        String kind = parts[1];
        if (!kind.equals("exec") && !kind.equals("attach") && !kind.equals("portforward")) {
            HttpErrors.notFound(ctx);
            return;
        }
        Optional<Object> cached = server.cache().consume(parts[2]);
        switch (cached.orElse(null)) {
            case ExecRequest r when kind.equals("exec") -> RemoteCommandEndpoint.serve(ctx, req,
                    RemoteCommandEndpoint.Options.of(r), server.config().streamCreationTimeout(), "exec",
                    streams -> RemoteCommandSession.exec(r, server.exec(), streams));
            case AttachRequest r when kind.equals("attach") -> RemoteCommandEndpoint.serve(ctx, req,
                    RemoteCommandEndpoint.Options.of(r), server.config().streamCreationTimeout(), "attach",
                    streams -> RemoteCommandSession.attach(r, server.attach(), streams));
            case PortForwardRequest r when kind.equals("portforward") -> PortForwardEndpoint.serve(ctx, req, r,
                    server.portForward(), server.config().streamCreationTimeout());
            case null, default -> {
                LOG.log(Level.DEBUG, "{0} request from {1} with an unknown, used or expired token", kind, ctx.channel().remoteAddress());
                HttpErrors.notFound(ctx);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "streaming request from {0} failed: {1}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
