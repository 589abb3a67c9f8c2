package dev.hako.cli;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a unix socket in a temp dir, serving whatever service implementations a test
 * prepares: it stands in for hakod so the tests can check what the CLI sends and prints.
 */
public final class FakeDaemon implements AutoCloseable {
    private final Path socket;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Server server;

    @SuppressWarnings("deprecation")
    private FakeDaemon(Path socket, BindableService... services) throws IOException {
        this.socket = socket;
        this.boss = new EpollEventLoopGroup(1);
        this.workers = new EpollEventLoopGroup(1);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers);
        for (BindableService service : services) {
            builder.addService(service);
        }
        this.server = builder.build().start();
    }

    public static FakeDaemon start(Path dir, BindableService... services) throws IOException {
        return new FakeDaemon(dir.resolve("hako.sock"), services);
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
}
