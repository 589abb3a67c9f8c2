package dev.hako.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The training run for hakod's JDK AOT cache (`java -XX:AOTCacheOutput=hakod.aot ... AotTraining
 * CLI...`, from scripts/build.sh): starts the daemon on a temporary store, as a real start does, and
 * has the CLI given as arguments ask it what a first session asks (version, ps, images), over the
 * CLI's ttrpc socket. Every class the cache holds is loaded at each start of hakod, so the clients
 * run in processes of their own and the cache holds only what the daemon's start and its first
 * calls load. Never loaded by a normal hakod run.
 */
public final class AotTraining {
    private static final List<List<String>> CALLS = List.of(List.of("version"), List.of("ps", "-a"), List.of("images"),
            List.of("info"));

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: AotTraining CLI-COMMAND...");
        }
        Logging.configure("error");
        Path dir = Files.createTempDirectory("hakod-aot");
        try {
            Path state = dir.resolve("state");
            DaemonPaths paths = new DaemonPaths(dir.resolve("root"), state, state.resolve("hako.sock"));
            try (Daemon daemon = Daemon.start(paths, ConfigLoader.load(dir.resolve("hako.toml"), false))) {
                for (List<String> call : CALLS) {
                    cli(List.of(args), call, paths.socket());
                }
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void cli(List<String> command, List<String> call, Path socket) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(command);
        line.addAll(call);
        ProcessBuilder pb = new ProcessBuilder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("HAKO_SOCKET", socket.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("the training call hako " + String.join(" ", call) + " failed");
        }
    }
}
