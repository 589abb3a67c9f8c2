package dev.hako.daemon.api;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.ContainerExit;
import dev.hako.containers.ContainerExitStatus;
import dev.hako.containers.ContainerService;
import dev.hako.errdefs.HakoException;
import dev.hako.monitor.AttachSession;
import dev.hako.monitor.Stdio;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * One Containers.Attach stream: the first message names the container, then stdin, resizes and
 * the close of stdin go to it while a thread of its own sends its output and, last, its exit.
 */
final class AttachCall implements StreamObserver<AttachInput> {
    private static final Logger LOG = System.getLogger("hakod.containers");
    private final ContainerService containers;
    private final SerialObserver<AttachOutput> out;
    private volatile ContainerService.Attachment attachment;

    AttachCall(ContainerService containers, StreamObserver<AttachOutput> responses) {
        this.containers = containers;
        this.out = new SerialObserver<>(responses);
    }

    @Override
    public void onNext(AttachInput input) {
        try {
            switch (input.getInputCase()) {
                case START -> {
                    ContainerService.Attachment a = containers.attach(input.getStart().getContainer());
                    attachment = a;
                    var size = input.getStart().getSize();
                    if (size.getRows() > 0 && size.getCols() > 0) {
                        containers.resize(a.id(), size.getRows(), size.getCols());
                    }
                    // An empty message says the attach is in place: the client may start the container.
                    out.onNext(AttachOutput.getDefaultInstance());
                    // A platform thread: reading the attach socket blocks in native code.
                    Thread.ofPlatform().daemon().name("attach").start(() -> pump(a));
                }
                case STDIN -> toContainer(() -> session().writeStdin(input.getStdin().toByteArray(), 0,
                        input.getStdin().size()));
                case RESIZE -> containers.resize(require().id(), input.getResize().getRows(), input.getResize().getCols());
                case CLOSE_STDIN -> toContainer(() -> session().closeStdin());
                case INPUT_NOT_SET -> { }
            }
        } catch (IOException | RuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        ContainerService.Attachment a = attachment;
        if (a != null) {
            containers.detach(a);
        }
    }

    @Override
    public void onCompleted() {
        // The client sent all it will; output continues until the container exits.
    }

    private interface StdinWrite {
        void run() throws IOException;
    }

    /** Input that arrives after the container's end has nowhere to go: it is dropped, not an error. */
    private static void toContainer(StdinWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "input after the container closed its stdio: {0}", e.getMessage());
        }
    }

    private ContainerService.Attachment require() {
        ContainerService.Attachment a = attachment;
        if (a == null) {
            throw HakoException.invalid("attach: the first message must name the container");
        }
        return a;
    }

    private AttachSession session() {
        return require().session().join();
    }

    private void pump(ContainerService.Attachment a) {
        try {
            AttachSession session = a.session().join();
            try (session) {
                AttachSession.Frame frame;
                while ((frame = session.read()) != null) {
                    ByteString data = ByteString.copyFrom(frame.data());
                    out.onNext(frame.stream() == Stdio.STDERR
                            ? AttachOutput.newBuilder().setStderr(data).build()
                            : AttachOutput.newBuilder().setStdout(data).build());
                }
            }
            ContainerExitStatus exit = a.exit().join();
            out.onNext(AttachOutput.newBuilder().setExit(ContainerExit.newBuilder()
                    .setExitCode(exit.exitCode()).setOomKilled(exit.oomKilled())).build());
            out.onCompleted();
        } catch (java.util.concurrent.CompletionException e) {
            out.onError(e.getCause() == null ? e : e.getCause());
        } catch (IOException | RuntimeException e) {
            out.onError(e);
        }
    }
}
