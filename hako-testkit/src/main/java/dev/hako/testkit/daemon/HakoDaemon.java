package dev.hako.testkit.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real hakod (bin/hakod of this checkout) in temporary directories, and the hako CLI pointed at
 * it. Never the system daemon: every path is private to the test.
 */
public final class HakoDaemon implements AutoCloseable {
    private final Path dir;
    private final Path root;
    private final Path state;
    private final Path socket;
    private final Path config;
    private final Path log;
    private Process process;
    /** The umask hakod starts under (octal text), or null for this JVM's. */
    private String umask;
    /** hakod's default cgroup parent, /hako: removed again at close when it was not there before. */
    private final boolean cgroupParentBefore = Files.isDirectory(DEFAULT_CGROUP_PARENT);
    private static final Path DEFAULT_CGROUP_PARENT = Path.of("/sys/fs/cgroup/memory/hako");

    private HakoDaemon(Path dir, String configToml) throws IOException {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.state = dir.resolve("state");
        this.socket = state.resolve("hako.sock");
        this.config = dir.resolve("hako.toml");
        this.log = dir.resolve("hakod.log");
        Files.writeString(config, configToml);
    }

    /** Starts hakod with {@code configToml} as its hako.toml. */
    public static HakoDaemon start(String configToml) throws IOException {
        HakoDaemon d = new HakoDaemon(Files.createTempDirectory("hako-it-"), configToml);
        try {
            d.startProcess();
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    public static HakoDaemon start() throws IOException {
        return start("");
    }

    /** Starts hakod under {@code umask} (e.g. "000": an operator's permissive shell), with {@code configToml}. */
    public static HakoDaemon startUnderUmask(String configToml, String umask) throws IOException {
        HakoDaemon d = new HakoDaemon(Files.createTempDirectory("hako-it-"), configToml);
        d.umask = umask;
        try {
            d.startProcess();
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    public Path root() {
        return root;
    }

    public Path socket() {
        return socket;
    }

    /** The Docker Engine API's socket: {@code docker.sock} beside the API socket, unless hako.toml says otherwise. */
    public Path dockerSocket() {
        return socket.resolveSibling("docker.sock");
    }

    public Path configFile() {
        return config;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void startProcess() throws IOException {
        // As scripts/hakod-service.sh and service managers start it: the leader of a session of its
        // own, which takes any terminal it opens without O_NOCTTY as its controlling terminal. setsid
        // runs it in place (this JVM's child leads no process group), so the PID is hakod's.
        List<String> command = new ArrayList<>();
        if (umask != null) {
            command.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"")); // exec: the PID stays hakod's
        }
        command.addAll(List.of("setsid", Checkout.hakod().toString(),
                "--config", config.toString(), "--root", root.toString(), "--state", state.toString(),
                "--socket", socket.toString(), "--log-level", "debug"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hakod exited with " + process.exitValue() + ":\n" + log());
            }
            if (answers()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("hakod did not open " + socket + " within 30s:\n" + log());
    }

    private boolean answers() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code hako ARGS...} against this daemon. */
    public CliResult hako(String... args) {
        return hako(null, args);
    }

    /** Runs {@code hako ARGS...} with {@code stdin} as its standard input. */
    public CliResult hako(InputStream stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Checkout.hako().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HAKO_SOCKET", socket.toString());
        return CliResult.run(pb, stdin, Duration.ofMinutes(5));
    }

    /** Starts {@code hako ARGS...} against this daemon without waiting for it: a command to interrupt, say. */
    public BackgroundCli hakoInBackground(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Checkout.hako().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HAKO_SOCKET", socket.toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return new BackgroundCli(pb.start(), String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9: hakod gets no chance to clean up, as in a crash. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts hakod again on the same directories (after {@link #kill9()} or {@link #stop()}). */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            stop();
        }
        startProcess();
    }

    /** SIGTERM, as an operator stops it. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            dev.hako.sys.FileTrees.deleteRecursively(dir);
            if (!cgroupParentBefore) {
                removeEmptyCgroupParent();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** rmdir of /hako in every hierarchy: it fails, harmlessly, while any container cgroup is left in it. */
    private static void removeEmptyCgroupParent() throws IOException {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Path parent = h.resolve("hako");
                if (Files.isDirectory(parent)) {
                    try {
                        Files.delete(parent);
                    } catch (IOException e) {
                        // still in use (another daemon's containers): left for its owner
                    }
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
