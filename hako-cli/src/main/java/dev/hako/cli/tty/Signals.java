package dev.hako.cli.tty;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * POSIX signal handlers through sun.misc.Signal (jdk.unsupported, still there in JDK 25): the JDK
 * has no other way to hear SIGWINCH or to forward SIGTERM. The one class that touches it.
 */
public final class Signals {
    private Signals() {}

    /**
     * Runs {@code handler} (on a JVM signal thread) for each {@code name} ("WINCH", "INT") until the
     * handle is closed, which puts the previous handler back. A signal the JVM keeps for itself is
     * skipped.
     */
    public static Tty.Restore handle(Runnable handler, String... names) {
        Signal[] signals = new Signal[names.length];
        SignalHandler[] previous = new SignalHandler[names.length];
        for (int i = 0; i < names.length; i++) {
            try {
                Signal signal = new Signal(names[i]);
                previous[i] = Signal.handle(signal, s -> handler.run());
                signals[i] = signal;
            } catch (IllegalArgumentException e) {
                // reserved by the JVM (QUIT under some flags): leave it alone
            }
        }
        return new Tty.Restore() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    for (int i = 0; i < signals.length; i++) {
                        if (signals[i] != null) {
                            Signal.handle(signals[i], previous[i]);
                        }
                    }
                }
            }
        };
    }
}
