package dev.hako.streaming;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Port forwarding over SPDY, as kubelet's httpStreamHandler does it: each forwarded connection is a
 * pair of client streams, "error" and "data", that share a "requestid" header and name the "port".
 * A pair that does not complete within the stream creation timeout is dropped.
 */
final class SpdyPortForward implements SpdyConnection.StreamAcceptor {
    private static final Logger LOG = System.getLogger("hako.streaming");

    private final PortForwardHandler handler;
    private final String podSandboxId;
    private final Duration creationTimeout;
    private final EventExecutor eventLoop;
    // Event loop only.
    private final Map<String, Pair> pairs = new HashMap<>();

    private static final class Pair {
        SpdyStream data;
        SpdyStream error;
        ScheduledFuture<?> timeout;
    }

    /** @param eventLoop the connection's event loop, which calls {@link #accept} and runs the timeouts */
    SpdyPortForward(PortForwardHandler handler, String podSandboxId, Duration creationTimeout, EventExecutor eventLoop) {
        this.handler = handler;
        this.podSandboxId = podSandboxId;
        this.creationTimeout = creationTimeout;
        this.eventLoop = eventLoop;
    }

    @Override
    public String accept(SpdyStream stream) {
        String port = stream.header(StreamHeaders.PORT);
        if (port == null || port.isEmpty()) {
            return "\"port\" header is required";
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                return "port \"" + port + "\" must be in 1..65535";
            }
        } catch (NumberFormatException e) {
            return "unable to parse \"" + port + "\" as a port";
        }
        String type = stream.header(StreamHeaders.STREAM_TYPE);
        if (type == null || type.isEmpty()) {
            return "\"streamType\" header is required";
        }
        if (!type.equals(StreamHeaders.TYPE_DATA) && !type.equals(StreamHeaders.TYPE_ERROR)) {
            return "invalid stream type \"" + type + "\"";
        }
        String requestId = requestId(stream, type);
        Pair pair = pairs.get(requestId);
        if (pair == null) {
            Pair created = new Pair();
            created.timeout = eventLoop.schedule(
                    () -> timedOut(requestId, created), creationTimeout.toMillis(), TimeUnit.MILLISECONDS);
            pairs.put(requestId, created);
            pair = created;
        }
        boolean isData = type.equals(StreamHeaders.TYPE_DATA);
        if ((isData ? pair.data : pair.error) != null) {
            stream.ignoreInput();
            writeError(pair.error, "error processing stream for request " + requestId + ": " + type + " stream already assigned", false);
            return null;
        }
        if (isData) {
            pair.data = stream;
        } else {
            pair.error = stream;
            stream.ignoreInput(); // the client closes its side of the error stream at once
        }
        if (pair.data != null && pair.error != null) {
            pairs.remove(requestId);
            pair.timeout.cancel(false);
            start(pair, Integer.parseInt(pair.data.header(StreamHeaders.PORT)));
        }
        return null;
    }

    /** Old clients send no request id; kubelet pairs consecutive stream ids then, and so does this. */
    private static String requestId(SpdyStream stream, String type) {
        String id = stream.header(StreamHeaders.REQUEST_ID);
        if (id != null && !id.isEmpty()) {
            return id;
        }
        return Integer.toString(type.equals(StreamHeaders.TYPE_ERROR) ? stream.id() : stream.id() - 2);
    }

    private void start(Pair pair, int port) {
        Sessions.start("port-forward", () -> {
            PortForwarding.forward(handler, podSandboxId, port, pair.data.input(), pair.data.output(), pair.error.output());
            closeQuietly(pair.data.output());
            closeQuietly(pair.error.output());
        });
    }

    private void timedOut(String requestId, Pair pair) {
        if (pairs.remove(requestId, pair)) {
            LOG.log(Level.INFO, "port-forward request {0} timed out waiting for streams", requestId);
            writeError(pair.error, "timed out waiting for streams", true);
            if (pair.data != null) {
                pair.data.ignoreInput();
                Sessions.start("port-forward-close", () -> closeQuietly(pair.data.output()));
            }
        }
    }

    /** Writes to a stream off the event loop, since writers wait for the socket. */
    private static void writeError(SpdyStream error, String message, boolean thenClose) {
        if (error == null) {
            return;
        }
        Sessions.start("port-forward-error", () -> {
            try {
                error.output().write(message.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the client is gone
            }
            if (thenClose) {
                closeQuietly(error.output());
            }
        });
    }

    @Override
    public void connectionClosed() {
        pairs.values().forEach(p -> p.timeout.cancel(false));
        pairs.clear();
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the client is gone
        }
    }
}
