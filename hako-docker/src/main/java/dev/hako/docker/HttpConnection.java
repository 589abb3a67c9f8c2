package dev.hako.docker;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One client connection: each request is answered on a thread of the handlers' pool (the
 * services block), one at a time, in order; the connection reads its next request only once
 * the previous answer is complete. A hijacked connection leaves HTTP behind for good.
 */
final class HttpConnection extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "docker-api";
    private static final Logger LOG = System.getLogger("hakod.docker");

    private final Supplier<DockerApi> api;
    private final Executor handlers;
    private boolean busy;
    private boolean inputShut;

    HttpConnection(Supplier<DockerApi> api, Executor handlers) {
        this.api = api;
        this.handlers = handlers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        ctx.channel().config().setAutoRead(false);
        busy = true;
        byte[] body = ByteBufUtil.getBytes(request.content());
        var method = request.method();
        String uri = request.uri();
        var headers = request.headers().copy();
        NettyResponse response = new NettyResponse(ctx.channel(), HttpUtil.isKeepAlive(request));
        handlers.execute(() -> {
            try {
                api.get().serve(method, uri, headers, body, response);
                response.finish();
            } catch (Exception | Error e) {
                LOG.log(Level.DEBUG, "docker API: " + method + " " + uri + ": " + e, e);
                ctx.channel().close();
                return;
            }
            if (response.isHijacked()) {
                return;
            }
            ctx.channel().eventLoop().execute(() -> next(ctx, response.keepAlive()));
        });
    }

    private void next(ChannelHandlerContext ctx, boolean keepAlive) {
        busy = false;
        if (!keepAlive || inputShut) {
            ctx.channel().close();
            return;
        }
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            // The client sent all it will: answer what is in flight, then close.
            inputShut = true;
            if (!busy) {
                ctx.channel().close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "docker API connection: {0}", cause.toString());
        ctx.close();
    }
}
