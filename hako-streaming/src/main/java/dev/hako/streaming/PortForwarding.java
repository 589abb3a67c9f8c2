package dev.hako.streaming;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hako.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * One forwarded connection: bytes from the client go to the pod's port and back until the pod's side
 * closes. Failures are reported on the pair's error stream as kubelet reports them, a JSON object
 * whose closeConnection tells the client whether to give up the whole port-forward.
 */
final class PortForwarding {
    private static final Logger LOG = System.getLogger("hako.streaming");
    private static final int BUFFER = 32 * 1024;

    @JsonPropertyOrder({"closeConnection", "message"})
    record ErrorResponse(Boolean closeConnection, String message) {}

    private PortForwarding() {}

    /** Forwards until done; closes nothing of the client's streams but the input it read. */
    static void forward(PortForwardHandler handler, String podSandboxId, int port,
            InputStream fromClient, OutputStream toClient, OutputStream errors) {
        ByteChannel target;
        try {
            target = handler.connect(podSandboxId, port);
        } catch (IOException | RuntimeException e) {
            report(errors, podSandboxId, port, e, true);
            closeQuietly(fromClient);
            return;
        }
        Thread upstream = Sessions.start("port-forward-up", () -> copyToTarget(fromClient, target));
        try (target) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            while (target.read(buffer) >= 0) {
                buffer.flip();
                toClient.write(buffer.array(), 0, buffer.limit());
                buffer.clear();
            }
        } catch (IOException e) {
            if (target.isOpen()) {
                // The pod's side failed; a reset or broken pipe ends this connection only, as in kubelet.
                report(errors, podSandboxId, port, e, !isResetOrBrokenPipe(e));
            }
        } finally {
            closeQuietly(fromClient);
            try {
                upstream.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void copyToTarget(InputStream fromClient, ByteChannel target) {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = fromClient.read(buffer)) >= 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    target.write(chunk);
                }
            }
            if (target instanceof SocketChannel socket && socket.isOpen()) {
                socket.shutdownOutput(); // the client half-closed: pass it on, keep reading the reply
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "port-forward to the pod ended: {0}", e.toString());
        }
    }

    private static void report(OutputStream errors, String podSandboxId, int port, Exception e, boolean closeConnection) {
        String message = "error forwarding port %d to pod %s, uid : %s".formatted(port, podSandboxId,
                e.getMessage() == null ? e.toString() : e.getMessage());
        LOG.log(Level.INFO, message);
        try {
            byte[] json = Json.write(new ErrorResponse(closeConnection ? Boolean.TRUE : null, message));
            errors.write(json);
            errors.write('\n');
        } catch (IOException ignored) {
            // the client is gone; nobody to tell
        }
    }

    private static boolean isResetOrBrokenPipe(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("connection reset") || m.contains("broken pipe");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // an InboundPipe does not throw on close
        }
    }
}
