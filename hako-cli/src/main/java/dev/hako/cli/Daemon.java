package dev.hako.cli;

import dev.hako.api.v1.ContainersGrpc;
import dev.hako.api.v1.Hako;
import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.RegistriesGrpc;
import dev.hako.api.v1.SystemGrpc;
import dev.hako.ttrpc.TtrpcChannel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection to hakod. The CLI speaks the hako API over ttrpc, on the socket beside hakod's
 * gRPC socket: a JVM starts for every command, and HTTP/2 with Netty cost more than half of that
 * start (bench/run/PROFILE.md). The generated stubs are the same as over gRPC.
 */
public final class Daemon implements AutoCloseable {
    private final Path socket;
    private TtrpcChannel channel;

    /** @param socket hakod's gRPC socket, as docker names its daemon's (the ttrpc one lies beside it) */
    public Daemon(Path socket) {
        this.socket = socket;
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
     * On a thread of its own, while the main thread parses the command line (this machine class has
     * two cores and a cold JVM): opens the first call's connection and builds the API's protobuf
     * descriptors, which every request and answer needs.
     */
    public void connectInBackground() {
        Thread.ofPlatform().daemon().name("hako-connect").start(() -> {
            try {
                channel().connectAhead();
            } catch (IOException | RuntimeException e) {
                // The command reports it when it makes its own call.
            }
            Hako.getDescriptor();
        });
    }

    private synchronized TtrpcChannel channel() {
        if (channel == null) {
            Path ttrpc = TtrpcChannel.socketBeside(socket);
            // A missing socket is the common case of a stopped daemon: say so at once.
            if (!Files.exists(ttrpc)) {
                if (answers(socket)) {
                    throw new CliException("the hakod at " + uri() + " serves no socket for the CLI (" + ttrpc
                            + "): it is older than this hako; restart it");
                }
                throw new DaemonUnreachableException(uri(), null);
            }
            channel = new TtrpcChannel(ttrpc);
        }
        return channel;
    }

    /** Whether something listens on {@code path}: only asked when the CLI's own socket is missing. */
    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
