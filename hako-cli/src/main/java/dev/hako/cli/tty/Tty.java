package dev.hako.cli.tty;

import java.io.IOException;

/**
 * What `run -it` and `exec -it` need of the local terminal, behind an interface because none of it
 * can be exercised without a real terminal: tests use a fake, {@link SttyTty} is the real one.
 */
public interface Tty {
    /** True when the CLI's standard input is a terminal (docker refuses -it otherwise). */
    boolean stdinIsTerminal();

    /** The terminal's size, or null when there is no terminal to ask. */
    TtySize size();

    /**
     * Puts the terminal on standard input in raw mode: no echo, no line editing, and Ctrl-C is a
     * byte for the container rather than a signal for the CLI. Closing the handle restores the
     * saved mode; it is safe to close twice.
     */
    Restore makeRaw() throws IOException;

    /** Runs {@code listener} on every change of the window size (SIGWINCH) until the handle is closed. */
    Restore onResize(Runnable listener);

    /** Undoes one change to the terminal; never throws, since it runs on the way out. */
    interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /** No terminal at all (tests, pipes): nothing to set, nothing to restore. */
    Tty NONE = new Tty() {
        @Override
        public boolean stdinIsTerminal() {
            return false;
        }

        @Override
        public TtySize size() {
            return null;
        }

        @Override
        public Restore makeRaw() {
            return () -> { };
        }

        @Override
        public Restore onResize(Runnable listener) {
            return () -> { };
        }
    };
}
