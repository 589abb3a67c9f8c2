package dev.hako.daemon;

import dev.hako.errdefs.HakoException;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The gRPC server on hakod's unix socket; calls run on a pool of platform threads. */
final class UnixSocketServer implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 16 << 20;

    private final Server server;
    private final Path socket;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService calls;

    private UnixSocketServer(Server server, Path socket, EventLoopGroup boss, EventLoopGroup workers,
                             ExecutorService calls) {
        this.server = server;
        this.socket = socket;
        this.boss = boss;
        this.workers = workers;
        this.calls = calls;
    }

    static UnixSocketServer start(Path socket, List<BindableService> services) throws IOException {
        Files.createDirectories(socket.getParent());
        removeStale(socket);
        EventLoopGroup boss = new EpollEventLoopGroup(1);
        EventLoopGroup workers = new EpollEventLoopGroup(2);
        // Platform threads: container calls block in native code (conmon's sync pipe, attach sockets),
        // which would pin the few carrier threads of virtual threads.
        ExecutorService calls = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("grpc-", 0).factory());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .executor(calls)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        services.forEach(builder::addService);
        Server server = builder.build().start();
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        return new UnixSocketServer(server, socket, boss, workers, calls);
    }

    /** A socket file nobody answers on is left from a crash; one that answers belongs to a running hakod. */
    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            throw HakoException.precondition("another hakod is serving on %s", socket);
        } catch (IOException refused) {
            Files.deleteIfExists(socket);
        }
    }

    void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        calls.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the socket file goes with the next start's stale check
        }
    }
}
