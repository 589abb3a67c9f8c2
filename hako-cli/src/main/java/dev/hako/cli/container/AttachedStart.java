package dev.hako.cli.container;

import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.KillContainerRequest;
import dev.hako.api.v1.StartContainerRequest;
import dev.hako.api.v1.WaitContainerRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.stdio.AttachProtocol;
import dev.hako.cli.stdio.Interaction;
import dev.hako.cli.stdio.SignalProxy;
import dev.hako.cli.stdio.StdioSession;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.util.function.Function;

/**
 * `run` without -d, and `start -a`: attach, wait until the daemon says the attach is in place,
 * start, then copy output until the container's exit, whose code becomes the CLI's. Attaching
 * first is what makes sure no early output is lost.
 *
 * @param stdin     send the CLI's stdin (-i)
 * @param tty       the container has a terminal (-t): raw mode when stdin is sent, window sizes
 * @param sigProxy  forward the CLI's signals to the container (only without a terminal, as docker)
 * @param onFailure what a failure to attach or start becomes (`run` reports it docker run's way)
 */
public record AttachedStart(String container, boolean stdin, boolean tty, boolean sigProxy,
                            Function<StatusRuntimeException, RuntimeException> onFailure) {
    /**
     * A daemon that never says it is attached (a bug, or an older one) should cost a delay, not a
     * hang: the container is started anyway after this long, at the risk of its first output.
     */
    static final long READY_TIMEOUT_MILLIS = 10_000;

    public int run(Cli cli) throws InterruptedException, IOException {
        // The size goes with the attach, which the daemon takes before it answers ready: the process
        // then starts with the right size instead of getting it a moment after it began.
        StdioSession<AttachInput, AttachOutput> session = StdioSession.open(AttachProtocol.INSTANCE,
                cli.daemon().containersAsync()::attach,
                AttachProtocol.start(container, stdin, tty ? cli.terminal().tty().size() : null));
        try (Interaction io = new Interaction(cli, session)) {
            try {
                if (!io.awaitReady(READY_TIMEOUT_MILLIS) && cli.debug()) {
                    cli.error("hako: the daemon did not confirm the attach to " + container + "; starting it anyway");
                }
            } catch (StatusRuntimeException e) {
                throw onFailure.apply(e);
            }
            if (stdin && tty) {
                io.rawTerminal();
            }
            try {
                cli.daemon().containers().start(StartContainerRequest.newBuilder().setContainer(container).build());
            } catch (StatusRuntimeException e) {
                throw onFailure.apply(e);
            }
            if (tty) {
                io.forwardWindowSize();
            }
            if (stdin) {
                io.pumpStdin();
            }
            if (sigProxy && !tty) {
                io.proxySignals(SignalProxy.forward(signal -> kill(cli, signal)));
            }
            Integer code = io.copyOutput();
            // The daemon ended the stream without an exit (it was restarted, say): ask for the code.
            return code != null ? code : cli.daemon().containers()
                    .wait(WaitContainerRequest.newBuilder().setContainer(container).build()).getExitCode();
        }
    }

    private void kill(Cli cli, String signal) {
        cli.daemon().containers().kill(KillContainerRequest.newBuilder().setContainer(container).setSignal(signal).build());
    }
}
