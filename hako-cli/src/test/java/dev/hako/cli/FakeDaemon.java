package dev.hako.cli;

import dev.hako.ttrpc.TtrpcChannel;
import dev.hako.ttrpc.TtrpcServer;
import io.grpc.BindableService;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The CLI's side of hakod on a unix socket in a temp dir (the hako API over ttrpc, beside where
 * the gRPC socket would be), serving whatever service implementations a test prepares: it stands
 * in for hakod so the tests can check what the CLI sends and prints.
 */
public final class FakeDaemon implements AutoCloseable {
    private final Path socket;
    private final ExecutorService calls = Executors.newCachedThreadPool();
    private final TtrpcServer server;

    private FakeDaemon(Path socket, BindableService... services) throws IOException {
        this.socket = socket;
        this.server = TtrpcServer.start(TtrpcChannel.socketBeside(socket),
                Arrays.stream(services).map(BindableService::bindService).toList(), calls);
    }

    public static FakeDaemon start(Path dir, BindableService... services) throws IOException {
        return new FakeDaemon(dir.resolve("hako.sock"), services);
    }

    /** The socket the CLI is told about (as hakod's gRPC socket; the CLI finds its own beside it). */
    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        server.close();
        calls.shutdownNow();
    }
}
