package dev.hako.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collects the streams a SPDY client opens for exec or attach, one per "streamtype" header: error,
 * then stdin, stdout, stderr and (v3 on, with a tty) resize. Like kubelet, it waits for as many as the
 * request implies, within the stream creation timeout.
 */
final class SpdyCommandStreams implements SpdyConnection.StreamAcceptor {
    private static final Logger LOG = System.getLogger("hako.streaming");

    // Optional.empty() marks the connection's end.
    private final BlockingQueue<Optional<SpdyStream>> opened = new LinkedBlockingQueue<>();

    @Override
    public String accept(SpdyStream stream) {
        opened.add(Optional.of(stream));
        return null;
    }

    @Override
    public void connectionClosed() {
        opened.add(Optional.empty());
    }

    /** The streams, once all arrived; fails when the client is too slow or hangs up. */
    CommandStreams await(RemoteCommandProtocol protocol, boolean tty, boolean stdin, boolean stdout, boolean stderr,
            Duration timeout, SpdyConnection connection) throws IOException {
        int expected = 1 + (stdin ? 1 : 0) + (stdout ? 1 : 0) + (stderr ? 1 : 0) + (tty && protocol.resizes() ? 1 : 0);
        Map<String, SpdyStream> byType = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        int received = 0;
        while (received < expected) {
            Optional<SpdyStream> next;
            try {
                next = opened.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for streams");
            }
            if (next == null) {
                throw new IOException("timed out waiting for client to create streams");
            }
            if (next.isEmpty()) {
                throw new IOException("connection closed before the client created its streams");
            }
            SpdyStream stream = next.get();
            String type = stream.header(StreamHeaders.STREAM_TYPE);
            switch (type == null ? "" : type) {
                case StreamHeaders.TYPE_ERROR, StreamHeaders.TYPE_STDIN, StreamHeaders.TYPE_STDOUT,
                        StreamHeaders.TYPE_STDERR, StreamHeaders.TYPE_RESIZE -> {
                    byType.put(type, stream);
                    received++;
                }
                default -> {
                    LOG.log(Level.DEBUG, "unexpected stream type {0}", type);
                    stream.ignoreInput();
                }
            }
        }
        // Only stdin and resize carry data from the client; drop anything sent on the others.
        for (String type : new String[] {StreamHeaders.TYPE_ERROR, StreamHeaders.TYPE_STDOUT, StreamHeaders.TYPE_STDERR}) {
            SpdyStream s = byType.get(type);
            if (s != null) {
                s.ignoreInput();
            }
        }
        if (!stdin && byType.containsKey(StreamHeaders.TYPE_STDIN)) {
            byType.get(StreamHeaders.TYPE_STDIN).ignoreInput();
        }
        SpdyStream error = byType.get(StreamHeaders.TYPE_ERROR);
        if (error == null) {
            throw new IOException("the client created no error stream");
        }
        return new CommandStreams(
                stdin ? input(byType.get(StreamHeaders.TYPE_STDIN)) : null,
                stdout ? output(byType.get(StreamHeaders.TYPE_STDOUT)) : null,
                stderr ? output(byType.get(StreamHeaders.TYPE_STDERR)) : null,
                error.output(),
                input(byType.get(StreamHeaders.TYPE_RESIZE)),
                protocol.jsonStatus(),
                connection,
                CommandStreams.closeOf(connection.channel()));
    }

    private static InputStream input(SpdyStream s) {
        return s == null ? null : s.input();
    }

    private static OutputStream output(SpdyStream s) {
        return s == null ? null : s.output();
    }
}
