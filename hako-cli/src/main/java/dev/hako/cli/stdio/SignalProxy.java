package dev.hako.cli.stdio;

import dev.hako.cli.tty.Signals;
import dev.hako.cli.tty.Tty;

import java.util.function.Consumer;

/**
 * docker's --sig-proxy for attached containers without a terminal: a signal sent to the CLI
 * (Ctrl-C, kill) goes to the container instead of ending the CLI, which then exits with the
 * container's own code. Previous handlers are put back on close.
 */
public final class SignalProxy implements AutoCloseable {
    private static final String[] FORWARDED = {"INT", "TERM", "HUP", "QUIT", "USR1", "USR2"};

    private final Tty.Restore[] handlers = new Tty.Restore[FORWARDED.length];

    private SignalProxy() {}

    /** @param kill sends a signal by name ("SIGINT") to the container */
    public static SignalProxy forward(Consumer<String> kill) {
        SignalProxy proxy = new SignalProxy();
        for (int i = 0; i < FORWARDED.length; i++) {
            String name = "SIG" + FORWARDED[i];
            proxy.handlers[i] = Signals.handle(() -> send(kill, name), FORWARDED[i]);
        }
        return proxy;
    }

    private static void send(Consumer<String> kill, String signal) {
        try {
            kill.accept(signal);
        } catch (RuntimeException e) {
            // the container is gone or the daemon refused: the attach stream says what happened
        }
    }

    @Override
    public void close() {
        for (Tty.Restore handler : handlers) {
            if (handler != null) {
                handler.close();
            }
        }
    }
}
