package dev.hako.daemon.api;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.ContainerExit;
import dev.hako.containers.AttachBridge;
import dev.hako.containers.ContainerService;
import dev.hako.errdefs.HakoException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * One Containers.Attach stream, translated to an {@link AttachBridge}: the first message names the
 * container, then stdin, resizes and the close of stdin go to it, while its output and, last, its
 * exit come back. A client that goes away detaches; the container runs on.
 */
final class AttachCall implements StreamObserver<AttachInput> {
    private final ContainerService containers;
    private final SerialObserver<AttachOutput> out;
    private volatile AttachBridge bridge;

    AttachCall(ContainerService containers, StreamObserver<AttachOutput> responses) {
        this.containers = containers;
        this.out = new SerialObserver<>(responses);
    }

    @Override
    public void onNext(AttachInput input) {
        try {
            switch (input.getInputCase()) {
                case START -> start(input.getStart().getContainer(), input.getStart().getSize().getRows(),
                        input.getStart().getSize().getCols());
                case STDIN -> require().writeStdin(input.getStdin().toByteArray(), 0, input.getStdin().size());
                case RESIZE -> require().resize(input.getResize().getRows(), input.getResize().getCols());
                case CLOSE_STDIN -> require().closeStdin();
                case INPUT_NOT_SET -> { }
            }
        } catch (IOException | RuntimeException e) {
            out.onError(e);
        }
    }

    private void start(String container, int rows, int columns) throws IOException {
        AttachBridge b = AttachBridge.open(containers, container);
        bridge = b;
        if (rows > 0 && columns > 0) {
            b.resize(rows, columns);
        }
        // An empty message says the attach is in place: the client may start the container.
        out.onNext(AttachOutput.getDefaultInstance());
        b.start((data, offset, length) -> out.onNext(AttachOutput.newBuilder()
                        .setStdout(ByteString.copyFrom(data, offset, length)).build()),
                (data, offset, length) -> out.onNext(AttachOutput.newBuilder()
                        .setStderr(ByteString.copyFrom(data, offset, length)).build()));
        b.exit().whenComplete((exit, e) -> {
            try {
                if (e == null) {
                    out.onNext(AttachOutput.newBuilder().setExit(ContainerExit.newBuilder()
                            .setExitCode(exit.exitCode()).setOomKilled(exit.oomKilled())).build());
                    out.onCompleted();
                } else if (!(e instanceof CancellationException || e.getCause() instanceof CancellationException)) {
                    out.onError(e);
                } // else the client detached: nobody to tell
            } finally {
                b.close();
            }
        });
    }

    @Override
    public void onError(Throwable t) {
        AttachBridge b = bridge;
        if (b != null) {
            b.close(); // the client went: it detaches, the container runs on
        }
    }

    @Override
    public void onCompleted() {
        // The client sent all it will; output continues until the container exits.
    }

    private AttachBridge require() {
        AttachBridge b = bridge;
        if (b == null) {
            throw HakoException.invalid("attach: the first message must name the container");
        }
        return b;
    }
}
