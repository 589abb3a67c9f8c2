package dev.hako.docker;

import dev.hako.containers.ContainerService;
import dev.hako.monitor.AttachSession;
import dev.hako.monitor.Stdio;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /containers/{id}/attach} on a hijacked connection: the container's output as docker
 * frames it, and the client's bytes to its stdin. The attachment is made before the connection is
 * taken over, so a client that attaches and then starts the container misses nothing. The
 * connection closes when the container's output ends.
 */
final class AttachStream {
    private static final Logger LOG = System.getLogger("hakod.docker");

    record Streams(boolean stdin, boolean stdout, boolean stderr) {}

    private final ContainerService containers;

    AttachStream(ContainerService containers) {
        this.containers = containers;
    }

    void run(ContainerService.Attachment attachment, boolean tty, Streams wanted, DockerResponse response)
            throws IOException {
        DockerResponse.Hijacked conn;
        try {
            conn = response.hijack(tty ? StreamFrames.RAW : StreamFrames.MULTIPLEXED);
        } catch (IOException | RuntimeException e) {
            containers.detach(attachment);
            throw e;
        }
        try (conn) {
            AttachSession session = awaitSession(attachment, conn);
            if (session == null) {
                return;
            }
            try (session) {
                if (wanted.stdin()) {
                    Thread.ofPlatform().daemon().name("docker-attach-stdin").start(() -> stdin(conn.input(), session));
                }
                StreamFrames frames = new StreamFrames(conn.output(), tty);
                AttachSession.Frame f;
                while ((f = session.read()) != null) {
                    boolean err = f.stream() == Stdio.STDERR;
                    if (err ? wanted.stderr() : wanted.stdout()) {
                        frames.write(f.stream(), f.data());
                    }
                }
            }
        }
    }

    /**
     * The session once the container runs; null when the client went away first (the attachment is
     * then given up) or the container was removed before it ran.
     */
    private AttachSession awaitSession(ContainerService.Attachment a, DockerResponse.Hijacked conn) throws IOException {
        while (true) {
            try {
                return a.session().get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (!conn.isOpen() || a.exit().isCompletedExceptionally()) {
                    containers.detach(a);
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                containers.detach(a);
                return null;
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
    }

    private static void stdin(InputStream in, AttachSession session) {
        byte[] buf = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                session.writeStdin(buf, 0, n);
            }
            session.closeStdin();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "docker attach: stdin ended: {0}", e.toString());
        }
    }
}
