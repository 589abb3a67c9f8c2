package dev.hako.cli.stdio;

import dev.hako.cli.Cli;
import dev.hako.cli.tty.Tty;
import dev.hako.cli.tty.TtySize;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything around an attached session: the raw terminal, window sizes, the stdin pump and the
 * copy of output to the CLI's stdout and stderr. Closing it undoes what it set up, on every path
 * out (errors included); the JVM's shutdown hooks cover the rest.
 */
public final class Interaction implements AutoCloseable {
    private final Cli cli;
    private final StdioSession<?, ?> session;
    private final List<AutoCloseable> undo = new ArrayList<>();

    public Interaction(Cli cli, StdioSession<?, ?> session) {
        this.cli = cli;
        this.session = session;
    }

    /** Raw mode for `-it`; docker's error when stdin is not a terminal. */
    public void rawTerminal() throws IOException {
        undo.add(cli.terminal().tty().makeRaw());
    }

    /** Sends the window size now and after every change. */
    public void forwardWindowSize() {
        Tty tty = cli.terminal().tty();
        sendSize(tty);
        undo.add(tty.onResize(() -> sendSize(tty)));
    }

    private void sendSize(Tty tty) {
        TtySize size = tty.size();
        if (size != null) {
            send(session, size);
        }
    }

    private static <I> void send(StdioSession<I, ?> s, TtySize size) {
        s.send(s.protocol().resize(size));
    }

    public void pumpStdin() {
        StdinPump.start(cli.in(), session);
    }

    public void proxySignals(SignalProxy proxy) {
        undo.add(proxy);
    }

    /**
     * Waits for the daemon's ready message. Output that comes first also proves the stream is in
     * place; it is kept for {@link #copyOutput()}.
     *
     * @return false when nothing came within {@code millis}
     * @throws StatusRuntimeException when the call fails instead
     */
    public boolean awaitReady(long millis) throws InterruptedException {
        Frame first = session.next(millis);
        switch (first) {
            case null -> {
                return false;
            }
            case Frame.Ready r -> { }
            case Frame.Ended e when e.error() != null -> throw rethrow(e.error());
            default -> session.pushBack(first);
        }
        return true;
    }

    /**
     * Copies output until the exit frame; returns its code, or null when the daemon ended the call
     * without one.
     */
    public Integer copyOutput() throws InterruptedException, IOException {
        PrintStream out = cli.out();
        PrintStream err = cli.err();
        while (true) {
            Frame frame = session.next();
            switch (frame) {
                case Frame.Stdout s -> {
                    s.data().writeTo(out);
                    if (session.idle()) {
                        out.flush();
                    }
                }
                case Frame.Stderr s -> {
                    out.flush(); // keep stdout and stderr in the order they came
                    s.data().writeTo(err);
                    err.flush();
                }
                case Frame.Exit exit -> {
                    out.flush();
                    return exit.code();
                }
                case Frame.Ready r -> { }
                case Frame.Ended e -> {
                    out.flush();
                    if (e.error() != null) {
                        throw rethrow(e.error());
                    }
                    return null;
                }
            }
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    @Override
    public void close() {
        session.cancel("the client is done");
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                undo.get(i).close();
            } catch (Exception e) {
                // keep undoing the rest
            }
        }
        undo.clear();
    }
}
