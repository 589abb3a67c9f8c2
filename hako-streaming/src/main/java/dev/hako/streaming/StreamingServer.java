package dev.hako.streaming;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Kubernetes streaming server of a CRI runtime: the CRI Exec, Attach and PortForward calls hand
 * out single-use URLs on it ({@link #execUrl}, {@link #attachUrl}, {@link #portForwardUrl}), and
 * kubelet or crictl connects to them and speaks the remote-command or port-forward protocol over
 * SPDY/3.1 or WebSocket. The runtime's handlers do the work on virtual threads.
 */
public final class StreamingServer implements AutoCloseable {
    /** Largest HTTP request accepted before an upgrade; the requests carry no body. */
    private static final int MAX_REQUEST = 64 * 1024;

    private final EventLoopGroup group;
    private final Channel listener;
    private final RequestCache cache;
    private final String baseUrl;

    private StreamingServer(EventLoopGroup group, Channel listener, RequestCache cache, String baseUrl) {
        this.group = group;
        this.listener = listener;
        this.cache = cache;
        this.baseUrl = baseUrl;
    }

    /** Listens on the configured address; the port is chosen now when the config says 0. */
    public static StreamingServer start(StreamingConfig config, ExecHandler exec, AttachHandler attach,
            PortForwardHandler portForward) throws IOException {
        ServerContext context = new ServerContext(config, new RequestCache(config.tokenTtl()),
                Objects.requireNonNull(exec, "exec"), Objects.requireNonNull(attach, "attach"),
                Objects.requireNonNull(portForward, "portForward"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("hako-streaming", true),
                NioIoHandler.newFactory());
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("idle-close", IdleCloser.INSTANCE)
                                .addLast(HttpRequestRouter.HTTP_CODEC, new HttpServerCodec())
                                .addLast(HttpRequestRouter.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST))
                                .addLast(HttpRequestRouter.ROUTER, new HttpRequestRouter(context));
                    }
                })
                .bind(config.host(), config.port())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("streaming server cannot listen on %s:%d: %s".formatted(config.host(), config.port(),
                    bound.cause() == null ? "unknown error" : bound.cause().getMessage()), bound.cause());
        }
        InetSocketAddress local = (InetSocketAddress) bound.channel().localAddress();
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return new StreamingServer(group, bound.channel(), context.cache(), "http://" + host + ":" + local.getPort());
    }

    /** Like {@code http://127.0.0.1:10010}; the request URLs hang below it. */
    public String baseUrl() {
        return baseUrl;
    }

    /** A URL that runs {@code request} once, for the CRI ExecResponse. */
    public String execUrl(ExecRequest request) {
        return baseUrl + "/exec/" + cache.insert(Objects.requireNonNull(request));
    }

    /** A URL that attaches once, for the CRI AttachResponse. */
    public String attachUrl(AttachRequest request) {
        return baseUrl + "/attach/" + cache.insert(Objects.requireNonNull(request));
    }

    /** A URL that forwards ports for one client session, for the CRI PortForwardResponse. */
    public String portForwardUrl(PortForwardRequest request) {
        return baseUrl + "/portforward/" + cache.insert(Objects.requireNonNull(request));
    }

    /** Stops listening and drops every connection; running handlers see their streams end. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
