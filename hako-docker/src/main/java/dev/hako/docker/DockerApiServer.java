package dev.hako.docker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Docker Engine API's listener: HTTP/1.1 on a unix socket, through Netty's epoll transport
 * (its NIO unix-socket channel cannot half-close, and docker's client half-closes every attach
 * connection as soon as its stdin is done). One event-loop thread serves every
 * connection; requests are answered on a pool of platform threads (container calls block in
 * native code, which would pin virtual threads' carriers). Each connection's peer is checked
 * before a byte of it is read. The API itself ({@code api}) is made at the first request, so a
 * daemon nobody asks through docker pays for the socket only.
 */
public final class DockerApiServer implements AutoCloseable {
    static final String CODEC = "http";
    static final String AGGREGATOR = "aggregator";
    /** The largest request body read whole: container settings, not uploads. */
    private static final int MAX_BODY = 4 << 20;
    private static final Logger LOG = System.getLogger("hakod.docker");

    private final EventLoopGroup group;
    private final Channel listener;
    private final ExecutorService handlers;

    private DockerApiServer(EventLoopGroup group, Channel listener, ExecutorService handlers) {
        this.group = group;
        this.listener = listener;
        this.handlers = handlers;
    }

    /** Listens on {@code socket} (which must not exist); the caller gives it its mode and moves it into place. */
    public static DockerApiServer bind(Path socket, PeerCheck peers, Supplier<DockerApi> api) throws IOException {
        Supplier<DockerApi> once = memoize(api);
        ExecutorService handlers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("docker-api-", 0).factory());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("docker-api-io", true),
                EpollIoHandler.newFactory());
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                // docker's client closes its sending side once stdin is done (at once without stdin);
                // the container's output still has to go out.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel ch) {
                        if (!allowed(ch, peers)) {
                            ch.close();
                            return;
                        }
                        ch.pipeline()
                                .addLast(CODEC, new HttpServerCodec())
                                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_BODY))
                                .addLast(HttpConnection.NAME, new HttpConnection(once, handlers));
                    }
                })
                .bind(new DomainSocketAddress(socket.toString()))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            handlers.shutdownNow();
            throw new IOException("cannot listen on " + socket + ": " + bound.cause(), bound.cause());
        }
        return new DockerApiServer(group, bound.channel(), handlers);
    }

    private static boolean allowed(EpollDomainSocketChannel ch, PeerCheck peers) {
        try {
            PeerCredentials peer = ch.peerCredentials();
            return peers.allows(peer.uid(), peer.gids().length > 0 ? peer.gids()[0] : -1);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "refused a docker API connection: its credentials cannot be read: {0}", e.toString());
            return false;
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = s.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        handlers.shutdownNow();
    }
}
