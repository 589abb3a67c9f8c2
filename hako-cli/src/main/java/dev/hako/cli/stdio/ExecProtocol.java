package dev.hako.cli.stdio;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.ExecInput;
import dev.hako.api.v1.ExecOutput;
import dev.hako.api.v1.ExecStart;
import dev.hako.cli.tty.TtySize;

/** Containers.Exec in {@link StdioProtocol} terms. */
public final class ExecProtocol implements StdioProtocol<ExecInput, ExecOutput> {
    public static final ExecProtocol INSTANCE = new ExecProtocol();

    private ExecProtocol() {}

    public static ExecInput start(ExecStart start) {
        return ExecInput.newBuilder().setStart(start).build();
    }

    @Override
    public ExecInput stdin(ByteString data) {
        return ExecInput.newBuilder().setStdin(data).build();
    }

    @Override
    public ExecInput resize(TtySize size) {
        return ExecInput.newBuilder().setResize(AttachProtocol.terminalSize(size)).build();
    }

    @Override
    public ExecInput closeStdin() {
        return ExecInput.newBuilder().setCloseStdin(true).build();
    }

    @Override
    public Frame frame(ExecOutput output) {
        return switch (output.getOutputCase()) {
            case STDOUT -> new Frame.Stdout(output.getStdout());
            case STDERR -> new Frame.Stderr(output.getStderr());
            case EXIT_CODE -> new Frame.Exit(output.getExitCode());
            case OUTPUT_NOT_SET -> new Frame.Ready();
        };
    }
}
