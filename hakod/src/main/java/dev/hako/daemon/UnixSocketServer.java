package dev.hako.daemon;

import dev.hako.errdefs.HakoException;
import dev.hako.ttrpc.TtrpcChannel;
import dev.hako.ttrpc.TtrpcServer;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import dev.hako.sys.Syscalls;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * hakod's listeners: gRPC on its unix socket (the hako API and the CRI, for any gRPC client),
 * and the hako API again over ttrpc on the socket beside it, for the CLI, which starts a JVM per
 * command and cannot afford HTTP/2's start-up. Both run the same handlers on one pool of platform
 * threads. Other listeners (the Docker API) are bound, given their mode and moved into place the
 * same way ({@link Extra}).
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
    private final List<Bound> extras;

    /** Binds a listener of its own at the path it is given (in the staging directory); closing it stops it. */
    @FunctionalInterface
    interface Binder {
        AutoCloseable bind(Path staged) throws IOException;
    }

    /** Another socket served beside the API's, at {@code target}, with the same mode, group and peer checks. */
    record Extra(String name, Path target, Binder binder) {}

    private record Bound(Path target, AutoCloseable listener) {}

    private UnixSocketServer(Server server, TtrpcServer ttrpc, Path socket, Path ttrpcSocket, EventLoopGroup boss,
                             EventLoopGroup workers, ExecutorService calls, List<Bound> extras) {
        this.server = server;
        this.ttrpc = ttrpc;
        this.socket = socket;
        this.ttrpcSocket = ttrpcSocket;
        this.boss = boss;
        this.workers = workers;
        this.calls = calls;
        this.extras = extras;
    }

    /**
     * @param hakoApi served on both sockets
     * @param others  served over gRPC only (the CRI: kubelets and crictl speak gRPC)
     * @param access  who may connect: checked on every connection, and the sockets' group
     */
    static UnixSocketServer start(Path socket, List<BindableService> hakoApi, List<BindableService> others,
                                  ApiAccess access, List<Extra> extraSockets) throws IOException {
        Files.createDirectories(socket.getParent());
        Path ttrpcSocket = TtrpcChannel.socketBeside(socket);
        removeStale(socket);
        removeStale(ttrpcSocket);
        for (Extra e : extraSockets) {
            Files.createDirectories(e.target().getParent());
            removeStale(e.target());
        }
        // Each socket is bound in a directory only hakod can enter, given its final mode and group
        // there, and only then renamed into place: no one can connect while it is still open to all.
        Path staging = Files.createTempDirectory(socket.getParent(), ".sockets-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // Platform threads: container calls block in native code (conmon's sync pipe, attach sockets),
        // which would pin the few carrier threads of virtual threads.
        ExecutorService calls = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("grpc-", 0).factory());
        List<ServerServiceDefinition> definitions = hakoApi.stream().map(BindableService::bindService).toList();
        TtrpcServer ttrpc = null;
        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        List<Bound> extras = new java.util.ArrayList<>();
        List<Path> staged = new java.util.ArrayList<>();
        try {
            for (Extra e : extraSockets) {
                Path at = staging.resolve(e.name());
                extras.add(new Bound(e.target(), e.binder().bind(at)));
                staged.add(at);
            }
            Path stagedTtrpc = staging.resolve("ttrpc");
            ttrpc = TtrpcServer.start(stagedTtrpc, definitions, calls,
                    peer -> access.allows(peer.user().getName(), peer.group().getName()));
            boss = new EpollEventLoopGroup(1);
            workers = new EpollEventLoopGroup(2);
            Path stagedGrpc = staging.resolve("grpc");
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(stagedGrpc.toString()),
                            InternalNettyServerCredentials.create(new PeerCheckingNegotiator(access)))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(boss)
                    .workerEventLoopGroup(workers)
                    .executor(calls)
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES);
            hakoApi.forEach(builder::addService);
            others.forEach(builder::addService);
            Server server = builder.build().start();
            // All serve before any is published, so none answers while another cannot. The gRPC socket
            // goes last: tools wait for it, and a CLI or docker command may follow at once.
            for (int i = 0; i < extras.size(); i++) {
                publish(staged.get(i), extras.get(i).target(), access.apiGid());
            }
            publish(stagedTtrpc, ttrpcSocket, access.apiGid());
            publish(stagedGrpc, socket, access.apiGid());
            Files.delete(staging);
            return new UnixSocketServer(server, ttrpc, socket, ttrpcSocket, boss, workers, calls, List.copyOf(extras));
        } catch (IOException | RuntimeException e) {
            closeExtras(extras);
            if (ttrpc != null) {
                ttrpc.close();
            }
            if (boss != null) {
                boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
            calls.shutdownNow();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(ttrpcSocket);
            dev.hako.sys.FileTrees.deleteRecursively(staging);
            throw e;
        }
    }

    /** Gives a bound socket its final mode (0660) and group, then moves it where clients look for it. */
    private static void publish(Path staged, Path target, int gid) throws IOException {
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-rw----"));
        int owner = (Integer) Files.getAttribute(staged, "unix:uid");
        Syscalls.lchown(staged, owner, gid);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
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

    private static void closeExtras(List<Bound> extras) {
        for (Bound b : extras) {
            try {
                b.listener().close();
                Files.deleteIfExists(b.target());
            } catch (Exception e) {
                // the socket file goes with the next start's stale check
            }
        }
    }

    void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        closeExtras(extras);
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
