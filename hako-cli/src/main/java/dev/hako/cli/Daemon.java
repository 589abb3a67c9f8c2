package dev.hako.cli;

import dev.hako.api.v1.ContainersGrpc;
import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.RegistriesGrpc;
import dev.hako.api.v1.SystemGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connection to hakod, opened on first use: commands that never talk to the daemon (help,
 * usage errors) never load Netty, which is most of a cold start.
 */
public final class Daemon implements AutoCloseable {
    private final Path socket;
    private final boolean debug;
    private EventLoopGroup group;
    private ManagedChannel channel;

    /** @param debug keep gRPC's and Netty's own log output (HAKO_DEBUG) */
    public Daemon(Path socket, boolean debug) {
        this.socket = socket;
        this.debug = debug;
    }

    /** The socket as docker names its daemon's: unix:///run/hako/hako.sock. */
    public String uri() {
        return "unix://" + socket;
    }

    public SystemGrpc.SystemBlockingStub system() {
        return SystemGrpc.newBlockingStub(channel());
    }

    public ImagesGrpc.ImagesBlockingStub images() {
        return ImagesGrpc.newBlockingStub(channel());
    }

    /** For the client-streaming calls (import, load). */
    public ImagesGrpc.ImagesStub imagesAsync() {
        return ImagesGrpc.newStub(channel());
    }

    public ContainersGrpc.ContainersBlockingStub containers() {
        return ContainersGrpc.newBlockingStub(channel());
    }

    /** For the streaming calls in both directions (attach, exec, cp to a container). */
    public ContainersGrpc.ContainersStub containersAsync() {
        return ContainersGrpc.newStub(channel());
    }

    public RegistriesGrpc.RegistriesBlockingStub registries() {
        return RegistriesGrpc.newBlockingStub(channel());
    }

    /**
     * Starts connecting on a thread of its own, so that Netty's and gRPC's start-up runs while the
     * main thread parses the command line (this machine class has two cores and a cold JVM).
     */
    public void connectInBackground() {
        Thread.ofPlatform().daemon().name("hako-connect").start(() -> {
            try {
                channel().getState(true);
            } catch (RuntimeException e) {
                // The command reports it when it makes its own call.
            }
        });
    }

    private synchronized ManagedChannel channel() {
        if (channel == null) {
            // A missing socket is the common case of a stopped daemon: say so without starting Netty.
            if (!Files.exists(socket)) {
                throw new DaemonUnreachableException(uri(), null);
            }
            if (!debug) {
                Quiet.grpcLogs();
            }
            // grpc-netty probes for epoll (unpacking and loading a native library) when first used;
            // the CLI uses the JDK's own unix sockets, so the probe is switched off.
            System.setProperty("io.grpc.netty.shaded.io.netty.transport.noNative", "true");
            // The JDK's own unix sockets (NIO): no native library to unpack and load, which is
            // much of a cold start. Daemon threads, so nothing Netty leaves behind holds the JVM open.
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hako-cli", true), NioIoHandler.newFactory());
            channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                    .eventLoopGroup(group)
                    .channelType(NioDomainSocketChannel.class)
                    .usePlaintext()
                    // Callbacks only hand results to the waiting thread: no executor threads needed.
                    .directExecutor()
                    .maxInboundMessageSize(64 * 1024 * 1024)
                    .build();
        }
        return channel;
    }

    /**
     * gRPC and Netty log through java.util.logging, which prints to stderr; a CLI reports failures
     * itself, and the transport's chatter (e.g. "Unknown channel option 'SO_KEEPALIVE'" for unix
     * sockets) only confuses. Held in a static field because JUL keeps loggers weakly.
     */
    private static final class Quiet {
        private static final Logger GRPC = Logger.getLogger("io.grpc");

        static void grpcLogs() {
            GRPC.setLevel(Level.OFF);
        }
    }

    /** Closes at once: a CLI has nothing in flight worth waiting for when it exits. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.shutdownNow();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            channel = null;
            group = null;
        }
    }
}
