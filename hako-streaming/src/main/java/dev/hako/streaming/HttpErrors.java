package dev.hako.streaming;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Plain-text refusals before an upgrade, shaped like Go's http.Error; the connection is closed after. */
final class HttpErrors {
    private HttpErrors() {}

    static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        send(ctx, status, message, EmptyHttpHeaders.INSTANCE);
    }

    static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String message, HttpHeaders extra) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8));
        response.headers()
                .add(extra)
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    static void notFound(ChannelHandlerContext ctx) {
        send(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found");
    }
}
