package dev.hako.ttrpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A gRPC {@link Channel} that carries each call over ttrpc on a unix socket of its own, so the
 * generated stubs work unchanged. A connection per call keeps it simple: a call is cancelled by
 * closing its connection (ttrpc has no cancel frame), and nothing is shared between threads.
 * Connecting to a local socket costs microseconds; what this saves is HTTP/2 and Netty, most of
 * a cold JVM's start for a command-line client.
 */
public final class TtrpcChannel extends Channel {
    private final Path socket;
    private FrameStream spare;

    public TtrpcChannel(Path socket) {
        this.socket = socket;
    }

    /**
     * Where a daemon serving gRPC on {@code grpcSocket} serves ttrpc: beside it, with ".ttrpc"
     * added, as containerd names its own ({@code containerd.sock.ttrpc}).
     */
    public static Path socketBeside(Path grpcSocket) {
        return grpcSocket.resolveSibling(grpcSocket.getFileName() + ".ttrpc");
    }

    /** Opens the first call's connection ahead of time (from a thread of the caller's choice). */
    public void connectAhead() throws IOException {
        FrameStream opened = FrameStream.connect(socket);
        synchronized (this) {
            if (spare == null) {
                spare = opened;
                return;
            }
        }
        opened.close();
    }

    /** The connection opened ahead, if any, else a new one. */
    FrameStream connect() throws IOException {
        synchronized (this) {
            if (spare != null) {
                FrameStream ready = spare;
                spare = null;
                return ready;
            }
        }
        return FrameStream.connect(socket);
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return new TtrpcClientCall<>(this, method, options);
    }

    @Override
    public String authority() {
        return "localhost";
    }

    /** Closes a connection opened ahead and never used; calls close their own. */
    public synchronized void close() {
        if (spare != null) {
            spare.close();
            spare = null;
        }
    }

    @Override
    public String toString() {
        return "ttrpc unix://" + socket;
    }
}
