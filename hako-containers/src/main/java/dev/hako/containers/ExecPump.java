package dev.hako.containers;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One exec's stdio, the same for every API that runs one (the hako API, the CRI's ExecSync, the
 * streaming server): its stdout and stderr are copied to sinks on threads of their own until they
 * end, input and terminal sizes go to it (pushed by the caller, or fed from a client's streams),
 * and its exit code is reported only once all its output reached the sinks. Cancelling kills the
 * process in the container; closing the pump closes the process.
 */
public final class ExecPump implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hako.exec");

    private final ExecProcess process;
    private final StdioFeeds feeds = new StdioFeeds("exec");
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private ExecPump(ExecProcess process) {
        this.process = process;
    }

    /** Starts copying the process's output ({@code stderr} is unused with a terminal). */
    public static ExecPump start(ExecProcess process, OutputSink stdout, OutputSink stderr) {
        ExecPump pump = new ExecPump(process);
        // Platform threads: a terminal is read in native code, which would pin a virtual thread's carrier.
        Thread out = Thread.ofPlatform().daemon().name("exec-stdout").start(() -> copy(process.stdout(), stdout));
        Thread err = process.tty() ? null
                : Thread.ofPlatform().daemon().name("exec-stderr").start(() -> copy(process.stderr(), stderr));
        Thread.ofVirtual().name("exec-wait").start(() -> pump.awaitProcess(out, err));
        return pump;
    }

    private void awaitProcess(Thread out, Thread err) {
        try {
            int code = process.waitFor();
            feeds.stop(); // input has nowhere to go now
            // The output ends once the process's pipes or terminal are drained: the code comes last.
            out.join();
            if (err != null) {
                err.join();
            }
            exit.complete(code);
        } catch (InterruptedException | IOException | RuntimeException e) {
            exit.completeExceptionally(e);
        }
    }

    /**
     * Copies to the end of the output. A sink that fails (its client went) gets nothing more, but
     * the copy reads on: a process must never block on a full pipe nobody reads.
     */
    static void copy(InputStream in, OutputSink sink) {
        byte[] buffer = new byte[32 * 1024];
        OutputSink to = sink;
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (to != null && n > 0) {
                    try {
                        to.write(buffer, 0, n);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.DEBUG, "exec output no longer wanted: {0}", e.getMessage());
                        to = null;
                    }
                }
            }
        } catch (IOException e) {
            // The process ended and its pipe or terminal closed.
        }
    }

    public boolean tty() {
        return process.tty();
    }

    /** Writes to the process's stdin; input after the process stopped reading is dropped. */
    public void writeStdin(byte[] data, int offset, int length) {
        try {
            process.writeStdin(offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "exec input after the process closed its stdin: {0}", e.getMessage());
        }
    }

    /** Ends the process's input (once it ended, there is nothing to end). */
    public void closeStdin() {
        try {
            process.closeStdin();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "exec stdin closed after the end: {0}", e.getMessage());
        }
    }

    /** Resizes the terminal; a size that comes after the end is dropped. */
    public void resize(int rows, int columns) {
        try {
            process.resize(rows, columns);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "exec resize after the end: {0}", e.getMessage());
        }
    }

    /** Copies a client's stdin in on a thread; its end closes the process's stdin. */
    public void feedStdin(InputStream in) {
        feeds.stdin(in, new StdioFeeds.Input() {
            @Override
            public void write(byte[] data, int offset, int length) {
                writeStdin(data, offset, length);
            }

            @Override
            public void close() {
                closeStdin();
            }
        });
    }

    /** Applies a client's terminal sizes as they come, on a thread. */
    public void feedResizes(WindowSize.Source sizes) {
        feeds.resizes(sizes, this::resize);
    }

    /** The exit code, once the process ended and all its output reached the sinks. */
    public CompletionStage<Integer> exit() {
        return exit.copy();
    }

    /** Waits for {@link #exit()}. */
    public int awaitExit() throws IOException, InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    /** Waits at most {@code timeout} for {@link #exit()}: empty while the process runs or its output flows. */
    public OptionalInt awaitExit(Duration timeout) throws IOException, InterruptedException {
        try {
            return OptionalInt.of(exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    private static IOException failure(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }

    /** Kills the process in the container, waiting until it is gone; safe from any thread, more than once. */
    public void cancel() {
        try {
            process.terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process once {@code gone} completes (its client went), unless it ended first. */
    public void cancelWhen(CompletionStage<?> gone) {
        // Off the thread that completes it (an event loop, a gRPC thread): killing may wait.
        gone.whenComplete((v, e) -> {
            if (!exit.isDone()) {
                Thread.ofVirtual().name("exec-cancel").start(this::cancel);
            }
        });
    }

    /** Stops the feeds and closes the process, killing it if it still runs. */
    @Override
    public void close() throws IOException {
        feeds.stop();
        process.close();
    }
}
