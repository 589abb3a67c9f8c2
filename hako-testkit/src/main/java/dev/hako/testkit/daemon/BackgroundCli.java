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

    /**
     * SIGINT, as Ctrl-C at a terminal sends it. The command must not ignore it: a shell without job
     * control starts its background jobs with SIGINT ignored, every process below inherits that, and
     * the JVM then leaves it ignored, so the test would wait out its timeout for the wrong reason.
     */
    public void interrupt() {
        requireSigintHandled();
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

    private void requireSigintHandled() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("SigIgn:") && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0x2) != 0) {
                    throw new AssertionError("hako " + command + " ignores SIGINT, as inherited from whoever started the"
                            + " tests (a shell without job control starts background jobs so): start them in the"
                            + " foreground, or with setsid -f");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
