package dev.hako.daemon.cri;

import com.google.protobuf.ByteString;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ExecSession;
import dev.hako.cri.v1.ExecSyncRequest;
import dev.hako.cri.v1.ExecSyncResponse;
import dev.hako.spec.ExecSettings;
import io.grpc.Context;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * ExecSync's process I/O: the command runs without stdin, its output is read to the end and kept up
 * to the kubelet's limit, and the process never outlives the call (its timeout, or a client that
 * goes, ends it in the container).
 */
final class CriExecSync {
    /** kubelet's cap on ExecSync output (containerd and CRI-O use the same). */
    static final int OUTPUT_LIMIT = 16 * 1024 * 1024;

    private CriExecSync() {}

    static ExecSyncResponse run(ContainerService containers, String containerId, ExecSyncRequest request)
            throws IOException, InterruptedException, ExecutionException {
        ExecSettings settings = new ExecSettings(request.getCmdList(), null, null, null, false, false);
        try (ExecSession session = containers.exec(containerId, settings, 0, 0)) {
            // A client that goes (or whose deadline passes) takes its process with it.
            Context.CancellationListener cancelled = context -> terminate(session);
            Context.current().addListener(cancelled, Runnable::run);
            try {
                session.closeStdin();
                CompletableFuture<byte[]> stdout = drain(session.stdout(), OUTPUT_LIMIT);
                CompletableFuture<byte[]> stderr = drain(session.stderr(), OUTPUT_LIMIT);
                int exitCode;
                if (request.getTimeout() > 0) {
                    var exit = session.waitFor(Duration.ofSeconds(request.getTimeout()));
                    if (exit.isEmpty()) {
                        // The process, not only the runtime that runs it, ends before the answer.
                        session.terminate();
                        throw Status.DEADLINE_EXCEEDED.withDescription("command " + request.getCmdList()
                                + " timed out after " + request.getTimeout() + "s").asRuntimeException();
                    }
                    exitCode = exit.getAsInt();
                } else {
                    exitCode = session.waitFor();
                }
                return ExecSyncResponse.newBuilder()
                        .setStdout(ByteString.copyFrom(stdout.get()))
                        .setStderr(ByteString.copyFrom(stderr.get()))
                        .setExitCode(exitCode)
                        .build();
            } finally {
                Context.current().removeListener(cancelled);
            }
        }
    }

    /**
     * Reads a stream to its end on a virtual thread, keeping its first {@code limit} bytes: the rest
     * is read and dropped, so a process that writes more never blocks on a full pipe.
     */
    static CompletableFuture<byte[]> drain(InputStream in, int limit) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    int room = limit - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                }
            } catch (IOException e) {
                // The process ended or was killed: what was read is the output.
            }
            out.complete(kept.toByteArray());
        });
        return out;
    }

    private static void terminate(ExecSession session) {
        try {
            session.terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
