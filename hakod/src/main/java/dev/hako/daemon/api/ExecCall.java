package dev.hako.daemon.api;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.ExecInput;
import dev.hako.api.v1.ExecOutput;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ExecSession;
import dev.hako.errdefs.HakoException;
import dev.hako.spec.ExecSettings;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;

/**
 * One Containers.Exec stream: the first message starts the process, then stdin, resizes and the
 * close of stdin go to it while threads of their own send its output and, last, its exit code. A
 * client that goes away ends the process. A detached exec answers at once and is reaped when it ends.
 */
final class ExecCall implements StreamObserver<ExecInput> {
    private static final Logger LOG = System.getLogger("hakod.containers");
    private final ContainerService containers;
    private final SerialObserver<ExecOutput> out;
    private volatile ExecSession session;

    ExecCall(ContainerService containers, StreamObserver<ExecOutput> responses) {
        this.containers = containers;
        this.out = new SerialObserver<>(responses);
    }

    @Override
    public void onNext(ExecInput input) {
        try {
            switch (input.getInputCase()) {
                case START -> {
                    var s = input.getStart();
                    ExecSession e = containers.exec(s.getContainer(), new ExecSettings(s.getCmdList(),
                            s.getEnvList(), s.getUser(), s.getWorkingDir(), s.getTty(), s.getPrivileged()),
                            s.getSize().getRows(), s.getSize().getCols());
                    out.onNext(ExecOutput.getDefaultInstance()); // the process runs: input may come
                    if (!s.getStdin()) {
                        e.closeStdin();
                    }
                    if (s.getDetach()) {
                        out.onCompleted();
                        Thread.ofPlatform().daemon().name("exec-detached").start(() -> reapDetached(e));
                        return;
                    }
                    session = e;
                    Thread.ofPlatform().daemon().name("exec").start(() -> pump(e));
                }
                case STDIN -> require().writeStdin(input.getStdin().toByteArray());
                case RESIZE -> require().resize(input.getResize().getRows(), input.getResize().getCols());
                case CLOSE_STDIN -> require().closeStdin();
                case INPUT_NOT_SET -> { }
            }
        } catch (IOException | RuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        ExecSession e = session;
        if (e != null) {
            try {
                e.close();
            } catch (IOException ignored) {
                // the client is gone; nothing to tell
            }
        }
    }

    @Override
    public void onCompleted() {
        // Input is over; output continues until the process exits.
    }

    private ExecSession require() {
        ExecSession e = session;
        if (e == null) {
            throw HakoException.invalid("exec: the first message must start the process");
        }
        return e;
    }

    private void pump(ExecSession e) {
        try (e) {
            // Platform threads: a terminal is read in native code, which would pin a virtual thread's carrier.
            CompletableFuture<Void> stdout = new CompletableFuture<>();
            CompletableFuture<Void> stderr = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("exec-stdout").start(() -> {
                copy(e.stdout(), false);
                stdout.complete(null);
            });
            Thread.ofPlatform().daemon().name("exec-stderr").start(() -> {
                copy(e.stderr(), true);
                stderr.complete(null);
            });
            int code = e.waitFor();
            stdout.join();
            stderr.join();
            out.onNext(ExecOutput.newBuilder().setExitCode(code).build());
            out.onCompleted();
        } catch (IOException | RuntimeException ex) {
            out.onError(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            out.onError(ex);
        }
    }

    /** A detached exec runs on; its output is discarded and it is reaped when it ends. */
    private static void reapDetached(ExecSession e) {
        try (e) {
            Thread.ofPlatform().daemon().start(() -> drain(e.stderr()));
            drain(e.stdout());
            e.waitFor();
        } catch (IOException ex) {
            LOG.log(Level.DEBUG, "detached exec: {0}", ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private void copy(InputStream in, boolean stderr) {
        byte[] buffer = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                ByteString data = ByteString.copyFrom(buffer, 0, n);
                out.onNext(stderr ? ExecOutput.newBuilder().setStderr(data).build()
                        : ExecOutput.newBuilder().setStdout(data).build());
            }
        } catch (IOException e) {
            // the process ended and its pipe or terminal closed
        }
    }
}
