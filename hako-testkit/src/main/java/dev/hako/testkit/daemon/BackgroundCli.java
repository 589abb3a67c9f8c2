package dev.hako.testkit.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@code hako} command running in the background ({@link HakoDaemon#hakoInBackground}). */
public final class BackgroundCli implements AutoCloseable {
    private final Process process;
    private final String command;
    private final CompletableFuture<String> out;
    private final CompletableFuture<String> err;

    BackgroundCli(Process process, String command) {
        this.process = process;
        this.command = command;
        // A thread each: the common pool has one thread on two cores, and these block until the command ends.
        this.out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), r -> Thread.ofVirtual().start(r));
        this.err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), r -> Thread.ofVirtual().start(r));
    }

    /** SIGINT, as Ctrl-C at a terminal sends it. */
    public void interrupt() {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -INT " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the command to end; fails (and kills it) if it takes longer than {@code timeout}. */
    public CliResult await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("hako " + command + " did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
        return new CliResult(process.exitValue(), out.join(), err.join());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
