package dev.hako.docker;

import dev.hako.containers.AttachBridge;
import dev.hako.containers.ContainerService;
import dev.hako.containers.OutputSink;
import dev.hako.monitor.Stdio;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /containers/{id}/attach} on a hijacked connection, through the container service's
 * {@link AttachBridge} (the one the hako API and the streaming server use): the container's output
 * as docker frames it, the client's bytes to its stdin. The attachment is made before the
 * connection is taken over, so a client that attaches and then starts the container misses
 * nothing. The connection closes when the container's output ends.
 */
final class AttachStream {
    private static final Duration POLL = Duration.ofSeconds(1);

    record Streams(boolean stdin, boolean stdout, boolean stderr) {}

    private final ContainerService containers;

    AttachStream(ContainerService containers) {
        this.containers = containers;
    }

    void run(String id, boolean tty, Streams wanted, DockerResponse response) throws IOException {
        try (AttachBridge bridge = AttachBridge.open(containers, id);
             DockerResponse.Hijacked conn = response.hijack(tty ? StreamFrames.RAW : StreamFrames.MULTIPLEXED)) {
            StreamFrames frames = new StreamFrames(conn.output(), tty);
            bridge.start(wanted.stdout() ? sink(frames, Stdio.STDOUT) : OutputSink.discard(),
                    wanted.stderr() ? sink(frames, Stdio.STDERR) : OutputSink.discard());
            if (wanted.stdin()) {
                bridge.feedStdin(conn.input());
            }
            if (!awaitConnected(bridge, conn)) {
                return; // the client went away before the container started
            }
            bridge.awaitOutput();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OutputSink sink(StreamFrames frames, Stdio stream) {
        return (data, offset, length) -> frames.write(stream, Arrays.copyOfRange(data, offset, offset + length));
    }

    /** Waits for the container's start while the client stays; false once it has gone. */
    private static boolean awaitConnected(AttachBridge bridge, DockerResponse.Hijacked conn)
            throws IOException, InterruptedException {
        while (true) {
            try {
                bridge.awaitConnected(POLL);
                return true;
            } catch (IOException e) {
                if (!(e.getCause() instanceof TimeoutException)) {
                    throw e;
                }
                if (!conn.isOpen()) {
                    return false;
                }
            }
        }
    }
}
