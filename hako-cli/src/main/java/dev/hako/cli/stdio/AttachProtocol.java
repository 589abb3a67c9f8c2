package dev.hako.cli.stdio;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.AttachStart;
import dev.hako.api.v1.TerminalSize;
import dev.hako.cli.tty.TtySize;

/** Containers.Attach in {@link StdioProtocol} terms. */
public final class AttachProtocol implements StdioProtocol<AttachInput, AttachOutput> {
    public static final AttachProtocol INSTANCE = new AttachProtocol();

    private AttachProtocol() {}

    public static AttachInput start(String container, boolean stdin) {
        return start(container, stdin, null);
    }

    /** With the terminal's size, which a container that is not running yet starts with. */
    public static AttachInput start(String container, boolean stdin, TtySize size) {
        AttachStart.Builder b = AttachStart.newBuilder().setContainer(container).setStdin(stdin);
        if (size != null) {
            b.setSize(terminalSize(size));
        }
        return AttachInput.newBuilder().setStart(b).build();
    }

    @Override
    public AttachInput stdin(ByteString data) {
        return AttachInput.newBuilder().setStdin(data).build();
    }

    @Override
    public AttachInput resize(TtySize size) {
        return AttachInput.newBuilder().setResize(terminalSize(size)).build();
    }

    @Override
    public AttachInput closeStdin() {
        return AttachInput.newBuilder().setCloseStdin(true).build();
    }

    @Override
    public Frame frame(AttachOutput output) {
        return switch (output.getOutputCase()) {
            case STDOUT -> new Frame.Stdout(output.getStdout());
            case STDERR -> new Frame.Stderr(output.getStderr());
            case EXIT -> new Frame.Exit(output.getExit().getExitCode());
            case OUTPUT_NOT_SET -> new Frame.Ready();
        };
    }

    static TerminalSize terminalSize(TtySize size) {
        return TerminalSize.newBuilder().setRows(size.rows()).setCols(size.cols()).build();
    }
}
