package dev.hako.daemon.api;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.ExecInput;
import dev.hako.api.v1.ExecStart;
import dev.hako.api.v1.ExecOutput;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ExecPump;
import dev.hako.containers.ExecSession;
import dev.hako.containers.OutputSink;
import dev.hako.errdefs.HakoException;
import dev.hako.spec.ExecSettings;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * One Containers.Exec stream, translated to an {@link ExecPump}: the first message starts the
 * process, then stdin, resizes and the close of stdin go to it, while its output and, last, its
 * exit code come back. A client that goes away ends the process. A detached exec answers at once
 * and is reaped when it ends.
 */
final class ExecCall implements StreamObserver<ExecInput> {
    private static final Logger LOG = System.getLogger("hakod.containers");
    private final ContainerService containers;
    private final SerialObserver<ExecOutput> out;
    private volatile ExecPump pump;

    ExecCall(ContainerService containers, StreamObserver<ExecOutput> responses) {
        this.containers = containers;
        this.out = new SerialObserver<>(responses);
    }

    @Override
    public void onNext(ExecInput input) {
        try {
            switch (input.getInputCase()) {
                case START -> start(input.getStart());
                case STDIN -> require().writeStdin(input.getStdin().toByteArray(), 0, input.getStdin().size());
                case RESIZE -> require().resize(input.getResize().getRows(), input.getResize().getCols());
                case CLOSE_STDIN -> require().closeStdin();
                case INPUT_NOT_SET -> { }
            }
        } catch (IOException | RuntimeException e) {
            out.onError(e);
        }
    }

    private void start(ExecStart s) throws IOException {
        ExecSession session = containers.exec(s.getContainer(), new ExecSettings(s.getCmdList(), s.getEnvList(),
                s.getUser(), s.getWorkingDir(), s.getTty(), s.getPrivileged()), s.getSize().getRows(), s.getSize().getCols());
        out.onNext(ExecOutput.getDefaultInstance()); // the process runs: input may come
        if (s.getDetach()) {
            // It runs on: its output is discarded and it is reaped when it ends.
            out.onCompleted();
            ExecPump detached = ExecPump.start(session, OutputSink.discard(), OutputSink.discard());
            if (!s.getStdin()) {
                detached.closeStdin();
            }
            detached.exit().whenComplete((code, e) -> close(detached));
            return;
        }
        ExecPump p = ExecPump.start(session,
                (data, offset, length) -> out.onNext(ExecOutput.newBuilder()
                        .setStdout(ByteString.copyFrom(data, offset, length)).build()),
                (data, offset, length) -> out.onNext(ExecOutput.newBuilder()
                        .setStderr(ByteString.copyFrom(data, offset, length)).build()));
        if (!s.getStdin()) {
            p.closeStdin();
        }
        pump = p;
        p.exit().whenComplete((code, e) -> {
            try {
                if (e == null) {
                    out.onNext(ExecOutput.newBuilder().setExitCode(code).build());
                    out.onCompleted();
                } else {
                    out.onError(e);
                }
            } finally {
                close(p);
            }
        });
    }

    private static void close(ExecPump p) {
        try {
            p.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "exec: {0}", e.getMessage());
        }
    }

    @Override
    public void onError(Throwable t) {
        ExecPump p = pump;
        if (p != null) {
            close(p); // the client is gone: so is its process
        }
    }

    @Override
    public void onCompleted() {
        // Input is over; output continues until the process exits.
    }

    private ExecPump require() {
        ExecPump p = pump;
        if (p == null) {
            throw HakoException.invalid("exec: the first message must start the process");
        }
        return p;
    }
}
