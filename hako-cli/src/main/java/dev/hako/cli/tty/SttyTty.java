package dev.hako.cli.tty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real terminal, driven through stty(1) subprocesses on the CLI's own standard input. stty
 * costs a few milliseconds per call and only `-it` pays it; termios through the FFM API would need
 * the linker at start-up of every command, which costs more than it saves here.
 */
public final class SttyTty implements Tty {
    private String saved;
    private boolean probed;

    @Override
    public synchronized boolean stdinIsTerminal() {
        if (!probed) {
            // `stty -g` succeeds only on a terminal, and its output is what restores the mode later.
            saved = stty("-g");
            probed = true;
        }
        return saved != null;
    }

    @Override
    public TtySize size() {
        String out = stty("size");
        if (out == null) {
            return null;
        }
        String[] rowsCols = out.split(" ");
        try {
            TtySize size = rowsCols.length == 2 ? new TtySize(Integer.parseInt(rowsCols[0]), Integer.parseInt(rowsCols[1])) : null;
            // A terminal that reports 0x0 has no size to pass on (docker skips it too).
            return size == null || (size.rows() == 0 && size.cols() == 0) ? null : size;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public synchronized Restore makeRaw() throws IOException {
        if (!stdinIsTerminal()) {
            throw new IOException("the input device is not a TTY");
        }
        String mode = saved;
        if (stty("raw", "-echo") == null) {
            throw new IOException("cannot put the terminal in raw mode");
        }
        // Also on SIGTERM/SIGHUP, when the JVM exits through its shutdown hooks.
        Thread hook = new Thread(() -> stty(mode), "hako-tty-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Restore() {
            private boolean done;

            @Override
            public synchronized void close() {
                if (!done) {
                    done = true;
                    stty(mode);
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // already shutting down: the hook restores the mode
                    }
                }
            }
        };
    }

    @Override
    public Restore onResize(Runnable listener) {
        return Signals.handle(listener, "WINCH");
    }

    /** Runs stty with the CLI's stdin as its terminal; its trimmed output, or null when it fails. */
    private static String stty(String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("stty");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
