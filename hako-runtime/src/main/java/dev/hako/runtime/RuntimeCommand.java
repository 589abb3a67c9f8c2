package dev.hako.runtime;

import dev.hako.errdefs.HakoException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** One run of a runtime binary to completion: exit status, stdout and stderr, bounded in time. */
final class RuntimeCommand {
    record Result(int exitCode, String stdout, String stderr) {}

    private RuntimeCommand() {}

    /**
     * Runs {@code argv} with stdin from /dev/null. A command that outlives {@code timeout} is killed
     * and reported UNAVAILABLE: a hung runtime must not hang hakod.
     */
    static Result run(List<String> argv, Duration timeout, String what) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
        Process process = pb.start();
        Future<String> stdout = drain(process.getInputStream());
        Future<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw HakoException.unavailable("%s did not finish within %s", what, describe(timeout));
            }
            return new Result(process.exitValue(), get(stdout), get(stderr));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
    }

    /** "2m", "30s", "300ms": how long a runtime command may take, for messages. */
    static String describe(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private static Future<String> drain(InputStream in) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread.ofVirtual().name("runtime-output").start(task);
        return task;
    }

    private static String get(Future<String> output) throws IOException, InterruptedException {
        try {
            // The runtime has exited; its output ends as soon as no child of it holds the pipe.
            return output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            output.cancel(true);
            return "";
        }
    }
}
