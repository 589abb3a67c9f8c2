package dev.hako.docker;

import dev.hako.oci.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@link DockerResponse} on a Netty channel, answered from a handler's thread. Every answer
 * carries the headers docker's do ({@code Api-Version}, {@code Ostype}...), which clients read to
 * negotiate.
 */
final class NettyResponse implements DockerResponse {
    private final Channel channel;
    private final boolean keepAlive;
    private volatile boolean committed;
    private ChannelOutput stream;
    private Hijack hijacked;

    NettyResponse(Channel channel, boolean keepAlive) {
        this.channel = channel;
        this.keepAlive = keepAlive;
    }

    static void addDockerHeaders(HttpHeaders h) {
        h.set("Api-Version", ApiVersion.MAX.toString());
        h.set("Docker-Experimental", "false");
        h.set("Ostype", "linux");
        h.set(HttpHeaderNames.SERVER, "hako (linux)");
    }

    @Override
    public void json(HttpResponseStatus status, Object body) throws IOException {
        byte[] bytes = body instanceof byte[] b ? b : Json.write(body);
        full(status, bytes, "application/json");
    }

    @Override
    public void empty(HttpResponseStatus status) throws IOException {
        full(status, new byte[0], null);
    }

    @Override
    public void text(HttpResponseStatus status, String body) throws IOException {
        full(status, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private void full(HttpResponseStatus status, byte[] body, String contentType) throws IOException {
        commit();
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        addDockerHeaders(r.headers());
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        write(r);
    }

    @Override
    public OutputStream stream(HttpResponseStatus status, String contentType) throws IOException {
        commit();
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        addDockerHeaders(r.headers());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        write(r);
        stream = new ChannelOutput(channel, true);
        return stream;
    }

    @Override
    public Hijacked hijack(String contentType) throws IOException {
        commit();
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(101, "UPGRADED"));
        addDockerHeaders(r.headers());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        r.headers().set(HttpHeaderNames.UPGRADE, "tcp");
        HijackedInput input = new HijackedInput(channel);
        // In one task on the event loop: the answer is encoded, then HTTP leaves the pipeline before
        // anything more is read, so the client's first bytes after it reach the raw reader (bytes the
        // decoder held already go on to it as the decoder leaves).
        var switched = channel.eventLoop().submit(() -> {
            channel.writeAndFlush(r);
            var p = channel.pipeline();
            p.addLast("raw", new RawReader(input));
            p.remove(HttpConnection.NAME);
            p.remove(DockerApiServer.AGGREGATOR);
            p.remove(DockerApiServer.CODEC);
            if (((DuplexChannel) channel).isInputShutdown()) {
                // docker's client closed its side already (no stdin): there is nothing to read, and
                // epoll would refuse to watch the descriptor for reading again.
                input.end();
            } else {
                channel.config().setAutoRead(true);
                channel.read();
            }
        }).awaitUninterruptibly();
        if (!switched.isSuccess()) {
            channel.close();
            throw new IOException("cannot take the connection over", switched.cause());
        }
        hijacked = new Hijack(new ChannelOutput(channel, false), input);
        return hijacked;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public boolean clientConnected() {
        return channel.isActive();
    }

    boolean isHijacked() {
        return hijacked != null;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** After the handler returned: ends an open stream; a handler that answered nothing answers 204. */
    void finish() throws IOException {
        if (hijacked != null) {
            return;
        }
        if (!committed) {
            empty(HttpResponseStatus.NO_CONTENT);
        }
        if (stream != null) {
            stream.close();
        }
    }

    private void commit() throws IOException {
        if (committed) {
            throw new IllegalStateException("answered twice");
        }
        if (!channel.isActive()) {
            throw new IOException("the client went away");
        }
        committed = true;
    }

    private void write(Object message) throws IOException {
        var f = channel.writeAndFlush(message).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("the client went away", f.cause());
        }
    }

    private record Hijack(ChannelOutput output, HijackedInput input) implements Hijacked {
        @Override
        public boolean isOpen() {
            return output.channel().isActive();
        }

        @Override
        public void close() {
            output.close();
            output.channel().close();
        }
    }

    /** Hands what a hijacked connection's client sends to its handler. */
    private static final class RawReader extends ChannelInboundHandlerAdapter {
        private final HijackedInput input;

        RawReader(HijackedInput input) {
            this.input = input;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.buffer.ByteBuf buf) {
                try {
                    input.offer(buf);
                } finally {
                    buf.release();
                }
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                input.end();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            input.end();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
