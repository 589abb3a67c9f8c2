package dev.hako.cli;

import dev.hako.cli.tty.Tty;
import dev.hako.cli.tty.TtySize;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A terminal that records what the CLI does with it: raw mode on and off, resize listeners. */
public final class FakeTty implements Tty {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile TtySize size = new TtySize(24, 80);
    private volatile Runnable resizeListener;

    @Override
    public boolean stdinIsTerminal() {
        return true;
    }

    @Override
    public TtySize size() {
        return size;
    }

    @Override
    public Restore makeRaw() {
        calls.add("raw");
        return () -> calls.add("restore");
    }

    @Override
    public Restore onResize(Runnable listener) {
        calls.add("listen");
        resizeListener = listener;
        return () -> {
            calls.add("unlisten");
            resizeListener = null;
        };
    }

    /** As a SIGWINCH would. */
    public void resize(int rows, int cols) {
        size = new TtySize(rows, cols);
        Runnable listener = resizeListener;
        if (listener != null) {
            listener.run();
        }
    }
}
