package dev.hako.streaming;

import java.io.IOException;
import java.nio.channels.ByteChannel;

/** Opens connections to ports inside a pod for port-forward URLs; the runtime plugs it in. */
@FunctionalInterface
public interface PortForwardHandler {
    /**
     * Connects to {@code port} inside the pod's network namespace, once per forwarded connection.
     * The channel must be blocking; the server closes it. When it is a
     * {@link java.nio.channels.SocketChannel}, the client's half-close is passed on with
     * {@code shutdownOutput}.
     *
     * @throws IOException when the port cannot be reached; the message reaches the client
     */
    ByteChannel connect(String podSandboxId, int port) throws IOException;
}
