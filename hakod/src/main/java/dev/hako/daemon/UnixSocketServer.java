package dev.hako.daemon;

import dev.hako.errdefs.HakoException;
import dev.hako.ttrpc.TtrpcChannel;
import dev.hako.ttrpc.TtrpcServer;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
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

/**
 * hakod's two listeners: gRPC on its unix socket (the hako API and the CRI, for any gRPC client),
 * and the hako API again over ttrpc on the socket beside it, for the CLI, which starts a JVM per
 * command and cannot afford HTTP/2's start-up. Both run the same handlers on one pool of platform
 * threads.
 */
final class UnixSocketServer implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 16 << 20;

    private final Server server;
    private final TtrpcServer ttrpc;
    private final Path socket;
    private final Path ttrpcSocket;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService calls;

    private UnixSocketServer(Server server, TtrpcServer ttrpc, Path socket, Path ttrpcSocket, EventLoopGroup boss,
                             EventLoopGroup workers, ExecutorService calls) {
        this.server = server;
        this.ttrpc = ttrpc;
        this.socket = socket;
        this.ttrpcSocket = ttrpcSocket;
        this.boss = boss;
        this.workers = workers;
        this.calls = calls;
    }

    /**
     * @param hakoApi served on both sockets
     * @param others  served over gRPC only (the CRI: kubelets and crictl speak gRPC)
     */
    static UnixSocketServer start(Path socket, List<BindableService> hakoApi, List<BindableService> others) throws IOException {
        Files.createDirectories(socket.getParent());
        Path ttrpcSocket = TtrpcChannel.socketBeside(socket);
        removeStale(socket);
        removeStale(ttrpcSocket);
        // Platform threads: container calls block in native code (conmon's sync pipe, attach sockets),
        // which would pin the few carrier threads of virtual threads.
        ExecutorService calls = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("grpc-", 0).factory());
        List<ServerServiceDefinition> definitions = hakoApi.stream().map(BindableService::bindService).toList();
        // The CLI's socket first: tools wait for the gRPC socket, and a CLI command may follow at once.
        TtrpcServer ttrpc;
        try {
            ttrpc = TtrpcServer.start(ttrpcSocket, definitions, calls);
        } catch (IOException | RuntimeException e) {
            calls.shutdownNow();
            throw e;
        }
        EventLoopGroup boss = new EpollEventLoopGroup(1);
        EventLoopGroup workers = new EpollEventLoopGroup(2);
        Server server;
        try {
            Files.setPosixFilePermissions(ttrpcSocket, PosixFilePermissions.fromString("rw-rw----"));
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(boss)
                    .workerEventLoopGroup(workers)
                    .executor(calls)
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES);
            hakoApi.forEach(builder::addService);
            others.forEach(builder::addService);
            server = builder.build().start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            ttrpc.close();
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            calls.shutdownNow();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(ttrpcSocket);
            throw e;
        }
        return new UnixSocketServer(server, ttrpc, socket, ttrpcSocket, boss, workers, calls);
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
        ttrpc.close();
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
            Files.deleteIfExists(ttrpcSocket);
        } catch (IOException e) {
            // the socket files go with the next start's stale check
        }
    }
}
