package dev.hako.cni.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands on this host for the integration tests (ip, iptables, busybox), and their prerequisites. */
final class Host {
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Host() {}

    /** Runs {@code argv} to completion (at most 30 s), stdout and stderr together. */
    static Result run(String... argv) {
        String command = String.join(" ", argv);
        Path output = null;
        try {
            output = Files.createTempFile("hako-cni-it", ".out");
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 30s");
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " interrupted", e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** Runs {@code argv} and fails the test, with its output, unless it exits 0. */
    static String ok(String... argv) {
        Result r = run(argv);
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", argv) + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the CNI integration tests must run as root (they create network namespaces, "
                    + "bridges and iptables rules)");
        }
    }

    /** {@code program} among the usual sbin/bin dirs, or a failure saying which package to install. */
    static Path require(String program, String debianPackage) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(program + " is missing: apt-get install " + debianPackage);
    }
}
