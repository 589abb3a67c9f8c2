package dev.hako.testkit.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the object store a registry redirects blob downloads to: serves the files of a
 * {@link LocalRegistry}'s storage directory read-only over HTTP, on a loopback address of its own
 * (127.0.0.2 by default) so that it is another host than the registry. It records the requests and
 * their Authorization headers, so tests can check that credentials stay with the registry.
 */
public final class StorageServer implements AutoCloseable {
    /** One request: its path and its Authorization header (null when none). */
    public record Request(String path, String authorization) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final String address;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Path root;

    /** Starts on 127.0.0.2 (any 127/8 address is this machine on Linux). */
    public static StorageServer start() {
        return start("127.0.0.2");
    }

    public static StorageServer start(String loopbackAddress) {
        return new StorageServer(loopbackAddress);
    }

    private StorageServer(String address) {
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException("the storage server stays on loopback, not " + address);
        }
        this.address = address;
        try {
            this.server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the storage server on " + address, e);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        Cleanup.register(this);
    }

    /** The base URL to give {@link LocalRegistry.Builder#redirectBlobsTo}. */
    public URI url() {
        return URI.create("http://" + address + ":" + server.getAddress().getPort() + "/");
    }

    /** Serves the files under {@code directory} (a registry's {@link LocalRegistry#storage()}). */
    public void serve(Path directory) {
        this.root = directory.toAbsolutePath().normalize();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        Cleanup.unregister(this);
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Authorization")));
            Path base = root;
            Path file = base == null ? null : base.resolve(path.replaceFirst("^/+", "")).normalize();
            if (file == null || !file.startsWith(base) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }
}
