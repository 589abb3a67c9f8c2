package dev.hako.streaming;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link StreamingServer} that starts listening when the first URL is asked for. Most of a
 * node's life passes without an exec, attach or port-forward, and the server is an HTTP stack with
 * event-loop threads and buffers of its own: a daemon that never streams never loads it. A port
 * that cannot be bound fails that first call, naming the address.
 */
public final class OnDemandStreamingServer implements AutoCloseable {
    private final StreamingConfig config;
    private final ExecHandler exec;
    private final AttachHandler attach;
    private final PortForwardHandler portForward;
    private final Consumer<String> onStart;
    private StreamingServer server;
    private boolean closed;

    /** @param onStart hears the base URL once the server listens (hakod logs it) */
    public OnDemandStreamingServer(StreamingConfig config, ExecHandler exec, AttachHandler attach,
                                   PortForwardHandler portForward, Consumer<String> onStart) {
        this.config = Objects.requireNonNull(config, "config");
        this.exec = Objects.requireNonNull(exec, "exec");
        this.attach = Objects.requireNonNull(attach, "attach");
        this.portForward = Objects.requireNonNull(portForward, "portForward");
        this.onStart = Objects.requireNonNull(onStart, "onStart");
    }

    public String execUrl(ExecRequest request) {
        return server().execUrl(request);
    }

    public String attachUrl(AttachRequest request) {
        return server().attachUrl(request);
    }

    public String portForwardUrl(PortForwardRequest request) {
        return server().portForwardUrl(request);
    }

    private synchronized StreamingServer server() {
        if (closed) {
            throw new IllegalStateException("the streaming server is shut down");
        }
        if (server == null) {
            try {
                server = StreamingServer.start(config, exec, attach, portForward);
            } catch (IOException e) {
                throw new HakoException(ErrorKind.UNAVAILABLE, e.getMessage(), e);
            }
            onStart.accept(server.baseUrl());
        }
        return server;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.close();
        }
    }
}
