package dev.hako.docker;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One client connection: each request is answered on a thread of the handlers' pool (the
 * services block), one at a time and in order: requests that arrive while one is answered (a
 * client that pipelines) wait their turn, and the connection reads no more until the answers
 * are complete. A hijacked connection leaves HTTP behind for good. Runs on the event loop.
 */
final class HttpConnection extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "docker-api";
    private static final Logger LOG = System.getLogger("hakod.docker");

    private record Request(HttpMethod method, String uri, HttpHeaders headers, byte[] body, boolean keepAlive) {}

    private final Supplier<DockerApi> api;
    private final Executor handlers;
    private final Queue<Request> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean inputShut;

    HttpConnection(Supplier<DockerApi> api, Executor handlers) {
        this.api = api;
        this.handlers = handlers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            var bad = new io.netty.handler.codec.http.DefaultFullHttpResponse(request.protocolVersion(),
                    io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST, io.netty.buffer.Unpooled.wrappedBuffer(
                            dev.hako.oci.Json.write(java.util.Map.of("message", "malformed HTTP request"))));
            NettyResponse.addDockerHeaders(bad.headers());
            bad.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE, "application/json");
            bad.headers().setInt(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH, bad.content().readableBytes());
            ctx.writeAndFlush(bad).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        waiting.add(new Request(request.method(), request.uri(), request.headers().copy(),
                ByteBufUtil.getBytes(request.content()), HttpUtil.isKeepAlive(request)));
        if (!busy) {
            serveNext(ctx);
        }
    }

    private void serveNext(ChannelHandlerContext ctx) {
        Request r = waiting.poll();
        if (r == null) {
            busy = false;
            if (inputShut) {
                ctx.channel().close();
            } else {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }
            return;
        }
        busy = true;
        NettyResponse response = new NettyResponse(ctx.channel(), r.keepAlive());
        handlers.execute(() -> {
            try {
                api.get().serve(r.method(), r.uri(), r.headers(), r.body(), response);
                response.finish();
            } catch (Exception | Error e) {
                LOG.log(Level.DEBUG, "docker API: " + r.method() + " " + r.uri() + ": " + e, e);
                ctx.channel().close();
                return;
            }
            if (response.isHijacked()) {
                return;
            }
            ctx.channel().eventLoop().execute(() -> {
                if (!r.keepAlive()) {
                    ctx.channel().close();
                } else {
                    serveNext(ctx);
                }
            });
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            // The client sent all it will: answer what came, then close.
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
