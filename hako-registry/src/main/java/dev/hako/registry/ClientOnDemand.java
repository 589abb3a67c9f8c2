package dev.hako.registry;

import java.net.http.HttpClient;
import java.util.function.Supplier;

/** An HTTP client made the first time it is asked for, and closed with its owner if it was made. */
final class ClientOnDemand implements AutoCloseable {
    private final Supplier<HttpClient> factory;
    private HttpClient client;
    private boolean closed;

    ClientOnDemand(Supplier<HttpClient> factory) {
        this.factory = factory;
    }

    synchronized HttpClient get() {
        if (closed) {
            throw new IllegalStateException("the registry client is closed");
        }
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
