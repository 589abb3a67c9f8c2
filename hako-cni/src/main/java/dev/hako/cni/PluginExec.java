package dev.hako.cni;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs one CNI plugin the way the spec's execution protocol says: found by type in the bin dirs,
 * parameters in CNI_* environment variables, configuration on stdin, result or error JSON on
 * stdout, logs on stderr. A plugin that outlives the timeout is killed with its children (bridge
 * runs host-local, for one) and reported: a hung plugin must not hang hakod.
 */
final class PluginExec {
    /** The parameters of one invocation, as the environment carries them. */
    record Invocation(String command, String containerId, String netns, String ifName, String cniArgs) {}

    private static final int MAX_STDERR_IN_MESSAGE = 2000;

    private final List<Path> binDirs;
    private final Duration timeout;

    PluginExec(List<Path> binDirs, Duration timeout) {
        this.binDirs = List.copyOf(binDirs);
        this.timeout = timeout;
    }

    /** The executable for {@code type}: the first bin dir, in order, that holds one. */
    static Optional<Path> find(String type, List<Path> binDirs) {
        if (!CniPlugin.isValidType(type)) {
            return Optional.empty();
        }
        return binDirs.stream().map(dir -> dir.resolve(type))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** The environment a plugin gets on top of hakod's own (plugins such as portmap need its PATH for iptables). */
    Map<String, String> environment(Invocation inv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", inv.command());
        env.put("CNI_CONTAINERID", inv.containerId());
        env.put("CNI_NETNS", inv.netns());
        env.put("CNI_IFNAME", inv.ifName());
        env.put("CNI_ARGS", inv.cniArgs());
        env.put("CNI_PATH", binDirs.stream().map(Path::toString).collect(Collectors.joining(":")));
        return env;
    }

    /**
     * Runs plugin {@code type} with {@code stdin}; returns its stdout when it exits 0. {@code context}
     * ("network \"hako\", sandbox ID, eth0") goes into every error message.
     */
    byte[] run(String type, Invocation inv, byte[] stdin, String context) {
        Path binary = find(type, binDirs).orElseThrow(() -> new CniPluginException(ErrorKind.FAILED_PRECONDITION, type,
                inv.command(), "CNI plugin %s not found in %s (%s)".formatted(type, CniNetworks.describe(binDirs), context)));
        String what = "CNI plugin " + type + " " + inv.command() + " (" + context + ")";
        ProcessBuilder pb = new ProcessBuilder(binary.toString());
        pb.environment().putAll(environment(inv));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new CniPluginException(ErrorKind.INTERNAL, type, inv.command(), "cannot run " + what + ": " + e.getMessage());
        }
        Thread.ofVirtual().name("cni-stdin").start(() -> feed(process.getOutputStream(), stdin));
        FutureTask<byte[]> stdout = drain(process.getInputStream());
        FutureTask<byte[]> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                throw new CniPluginException(ErrorKind.UNAVAILABLE, type, inv.command(), what + " did not finish within "
                        + describe(timeout) + " and was killed" + stderrSuffix(text(collect(stderr))));
            }
            byte[] out = collect(stdout);
            String err = text(collect(stderr));
            if (process.exitValue() != 0) {
                throw failure(type, inv.command(), what, process.exitValue(), out, err);
            }
            return out;
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CniPluginException(ErrorKind.UNAVAILABLE, type, inv.command(), what + " was interrupted");
        }
    }

    /** The spec's error JSON ({code, msg, details}) when the plugin printed one, else whatever it printed. */
    static CniPluginException failure(String type, String command, String what, int exitStatus, byte[] stdout, String stderr) {
        String out = text(stdout).strip();
        try {
            JsonNode error = CniJson.parse(stdout);
            if (error.isObject() && error.has("code")) {
                String msg = CniJson.text(error, "msg").orElse("");
                String details = CniJson.text(error, "details").orElse("");
                String said = msg + (details.isEmpty() || details.equals(msg) ? "" : ": " + details);
                int code = error.get("code").asInt(CniPluginException.NO_CODE);
                return new CniPluginException(type, command, code, "%s failed: %s (CNI error code %d)%s"
                        .formatted(what, said.isEmpty() ? "no message" : said, code, stderrSuffix(stderr)));
            }
        } catch (CniJson.InvalidJson e) {
            // not the spec's error JSON: report the raw output below
        }
        String said = out.isEmpty() ? "exit status " + exitStatus : out + " (exit status " + exitStatus + ")";
        return new CniPluginException(type, command, CniPluginException.NO_CODE,
                "%s failed: %s%s".formatted(what, said, stderrSuffix(stderr)));
    }

    private static String stderrSuffix(String stderr) {
        String s = stderr.strip();
        if (s.isEmpty()) {
            return "";
        }
        return "; stderr: " + (s.length() > MAX_STDERR_IN_MESSAGE ? "..." + s.substring(s.length() - MAX_STDERR_IN_MESSAGE) : s);
    }

    /** "60s", "1500ms", "2m": a timeout, for messages. */
    static String describe(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() % 60 == 0 && d.toSeconds() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            in.write(bytes);
        } catch (IOException e) {
            // the plugin exited without reading all of it; its exit status and output say why
        }
    }

    private static FutureTask<byte[]> drain(InputStream in) {
        FutureTask<byte[]> task = new FutureTask<>(() -> {
            try (in) {
                return in.readAllBytes();
            }
        });
        Thread.ofVirtual().name("cni-output").start(task);
        return task;
    }

    private static byte[] collect(FutureTask<byte[]> output) throws InterruptedException {
        try {
            // The plugin has exited; its pipes end once no leftover child of it holds them.
            return output.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            output.cancel(true);
            return new byte[0];
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
