package dev.hako.containers;

import dev.hako.monitor.AttachSession;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client joined to a container's own stdio, the same for the hako API's attach and the streaming
 * server's: the container's output goes to the client's sinks on a thread of its own, the client's
 * input and terminal sizes go to the container (pushed by the caller, or fed from a client's
 * streams), and the container's exit is reported once its output ended. Closing detaches: the
 * container runs on.
 */
public final class AttachBridge implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hako.attach");

    /** What the bridge asks of the container service. */
    interface Controls {
        void resize(String id, int rows, int columns) throws IOException;

        void detach(ContainerService.Attachment attachment);
    }

    private final ContainerService.Attachment attachment;
    private final Controls controls;
    /** The attachment's connection as this client waits for it: cancelled when it detaches. */
    private final CompletableFuture<AttachSession> session;
    private final CompletableFuture<Void> output = new CompletableFuture<>();
    private final CompletableFuture<ContainerExitStatus> exit = new CompletableFuture<>();
    private final StdioFeeds feeds = new StdioFeeds("attach");
    private final AtomicBoolean closed = new AtomicBoolean();

    AttachBridge(ContainerService.Attachment attachment, Controls controls) {
        this.attachment = attachment;
        this.controls = controls;
        this.session = attachment.session().copy();
    }

    /** Attaches to the container: now if it runs, or at its next start. */
    public static AttachBridge open(ContainerService containers, String ref) throws IOException {
        ContainerService.Attachment a = containers.attach(ref);
        return new AttachBridge(a, new Controls() {
            @Override
            public void resize(String id, int rows, int columns) throws IOException {
                containers.resize(id, rows, columns);
            }

            @Override
            public void detach(ContainerService.Attachment attachment) {
                containers.detach(attachment);
            }
        });
    }

    /** The container's full ID. */
    public String id() {
        return attachment.id();
    }

    /** Waits at most {@code timeout} for the connection (a container that is not running waits for its start). */
    public void awaitConnected(Duration timeout) throws IOException, InterruptedException {
        try {
            session.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            Throwable why = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("cannot attach to container " + id() + ": " + why.getMessage(), why);
        }
    }

    /** Starts copying the container's output, once connected, to the sinks. */
    public void start(OutputSink stdout, OutputSink stderr) {
        // A platform thread: reading the attach socket blocks in native code.
        Thread.ofPlatform().daemon().name("attach-output").start(() -> copyOutput(stdout, stderr));
    }

    private void copyOutput(OutputSink stdout, OutputSink stderr) {
        try {
            AttachSession s = connected();
            AttachSession.Frame frame;
            while ((frame = s.read()) != null) {
                OutputSink to = switch (frame.stream()) {
                    case STDOUT -> stdout;
                    case STDERR -> stderr;
                };
                // A sink that fails is a client that went: the attach ends there.
                to.write(frame.data(), 0, frame.data().length);
            }
            output.complete(null);
            // Taken at the attach, so it comes even if the container was removed meanwhile.
            attachment.exit().whenComplete((status, e) -> {
                if (e == null) {
                    exit.complete(status);
                } else {
                    exit.completeExceptionally(e instanceof CompletionException ? e.getCause() : e);
                }
            });
        } catch (IOException | RuntimeException e) {
            output.completeExceptionally(e);
            exit.completeExceptionally(e);
        } finally {
            feeds.stop();
        }
    }

    /** The session once connected; the connection's failure as it was, or CancellationException once detached. */
    private AttachSession connected() throws IOException {
        try {
            return session.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private interface StdinOp {
        void run(AttachSession session) throws IOException;
    }

    /**
     * Input waits for the connection and fails if the connection failed. Input after the container
     * closed its stdio, or after this client detached, has nowhere to go: it is dropped.
     */
    private void toContainer(StdinOp op) throws IOException {
        AttachSession s;
        try {
            s = connected();
        } catch (CancellationException e) {
            return; // detached
        }
        try {
            op.run(s);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "attach input after the container closed its stdio: {0}", e.getMessage());
        }
    }

    /** Writes to the container's stdin (see {@link #toContainer}). */
    public void writeStdin(byte[] data, int offset, int length) throws IOException {
        toContainer(s -> s.writeStdin(data, offset, length));
    }

    /** Ends this client's input: the container's stdin closes with it unless it was made to stay open. */
    public void closeStdin() throws IOException {
        toContainer(AttachSession::closeStdin);
    }

    /** Resizes the container's terminal, now if it runs, else at its start. */
    public void resize(int rows, int columns) throws IOException {
        controls.resize(id(), rows, columns);
    }

    /** Copies a client's stdin in on a thread; its end is this client's end of input. */
    public void feedStdin(InputStream in) {
        feeds.stdin(in, new StdioFeeds.Input() {
            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                writeStdin(data, offset, length);
            }

            @Override
            public void close() throws IOException {
                closeStdin();
            }
        });
    }

    /** Applies a client's terminal sizes as they come, on a thread. */
    public void feedResizes(WindowSize.Source sizes) {
        feeds.resizes(sizes, this::resize);
    }

    /** Waits until the container's output ended, or fails as the copy did (a sink that failed, a connection that did not come). */
    public void awaitOutput() throws IOException, InterruptedException {
        try {
            output.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    /** How the container ended, once all its output reached the sinks; cancelled if this client detaches first. */
    public CompletionStage<ContainerExitStatus> exit() {
        return exit.copy();
    }

    /** Detaches: the feeds stop, the connection closes (a waiting one is given up), the container runs on. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // a client that goes and a call that ends may both close
        }
        feeds.stop();
        session.cancel(false);
        exit.cancel(false);
        controls.detach(attachment);
    }
}
