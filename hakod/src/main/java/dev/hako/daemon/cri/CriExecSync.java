package dev.hako.daemon.cri;

import com.google.protobuf.ByteString;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ExecPump;
import dev.hako.containers.OutputSink;
import dev.hako.cri.v1.ExecSyncRequest;
import dev.hako.cri.v1.ExecSyncResponse;
import dev.hako.spec.ExecSettings;
import io.grpc.Context;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * ExecSync, translated to an {@link ExecPump}: the command runs without stdin, its output is kept
 * up to the kubelet's limit, and the process never outlives the call (its timeout, or a client that
 * goes, ends it in the container).
 */
final class CriExecSync {
    /** kubelet's cap on ExecSync output (containerd and CRI-O use the same). */
    static final int OUTPUT_LIMIT = 16 * 1024 * 1024;

    private CriExecSync() {}

    static ExecSyncResponse run(ContainerService containers, String containerId, ExecSyncRequest request)
            throws IOException, InterruptedException {
        ExecSettings settings = new ExecSettings(request.getCmdList(), null, null, null, false, false);
        Kept stdout = new Kept(OUTPUT_LIMIT);
        Kept stderr = new Kept(OUTPUT_LIMIT);
        try (ExecPump pump = ExecPump.start(containers.exec(containerId, settings, 0, 0), stdout, stderr)) {
            // A client that goes (or whose deadline passes) takes its process with it.
            CompletableFuture<Void> gone = new CompletableFuture<>();
            Context.CancellationListener cancelled = context -> gone.complete(null);
            Context.current().addListener(cancelled, Runnable::run);
            pump.cancelWhen(gone);
            try {
                pump.closeStdin();
                OptionalInt exit = request.getTimeout() > 0
                        ? pump.awaitExit(Duration.ofSeconds(request.getTimeout()))
                        : OptionalInt.of(pump.awaitExit());
                if (exit.isEmpty()) {
                    // The process, not only the runtime that runs it, ends before the answer.
                    pump.cancel();
                    throw Status.DEADLINE_EXCEEDED.withDescription("command " + request.getCmdList()
                            + " timed out after " + request.getTimeout() + "s").asRuntimeException();
                }
                return ExecSyncResponse.newBuilder()
                        .setStdout(ByteString.copyFrom(stdout.bytes()))
                        .setStderr(ByteString.copyFrom(stderr.bytes()))
                        .setExitCode(exit.getAsInt())
                        .build();
            } finally {
                Context.current().removeListener(cancelled);
            }
        }
    }

    /** Keeps the first {@code limit} bytes of an output; the pump reads the rest, which is dropped. */
    static final class Kept implements OutputSink {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Kept(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(byte[] data, int offset, int length) {
            int room = limit - kept.size();
            if (room > 0) {
                kept.write(data, offset, Math.min(room, length));
            }
        }

        synchronized byte[] bytes() {
            return kept.toByteArray();
        }
    }
}
