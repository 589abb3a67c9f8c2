package dev.hako.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import dev.hako.runtime.Executables;
import dev.hako.runtime.RuntimeFailure;
import dev.hako.runtime.RuntimeMessages;
import dev.hako.sys.Errno;
import dev.hako.sys.FileDescriptors;
import dev.hako.sys.FileTrees;
import dev.hako.sys.Pipe;
import dev.hako.sys.Processes;
import dev.hako.sys.Pty;
import dev.hako.sys.SeqpacketSocket;
import dev.hako.sys.Signals;
import dev.hako.sys.Spawn;
import dev.hako.sys.SysException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * conmon as the per-container monitor, driven the way CRI-O and podman drive it. {@link #create}
 * starts conmon, which daemonises (double fork, new session, reparented away from hakod) and runs
 * {@code runtime create}; from then on conmon holds the container's stdio, writes its CRI log and,
 * when the container ends, its exit file. It keeps doing so while hakod is down: everything here
 * but {@code create} works from paths alone ({@link ConmonPaths}), so a restarted hakod can use it.
 */
public final class ConmonMonitor {
    public static final Duration DEFAULT_CREATE_TIMEOUT = Duration.ofMinutes(4);

    private static final int SYNC_FD = 3;
    private static final int START_FD = 4;
    // conmon's control messages (conmon's config.h: WIN_RESIZE_EVENT, REOPEN_LOGS_EVENT).
    private static final int RESIZE = 1;
    private static final int REOPEN_LOGS = 2;
    /** conmon reopens at once between two reads of its control FIFO; this only bounds a wedged one. */
    private static final java.time.Duration REOPEN_WAIT = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration RESIZE_WAIT = java.time.Duration.ofSeconds(10);
    // conmon builds its console socket name as TMPDIR/conmon-term.XXXXXX and cuts it to sun_path.
    private static final int CONSOLE_SOCKET_DIR_MAX = 90;

    private final Path binary;
    private final String logLevel;
    private final Duration createTimeout;

    /**
     * @param binary conmon; null looks for it on PATH (each time, so installing it later works)
     * @param logLevel conmon's own --log-level (error, warn, info, debug, trace)
     */
    public ConmonMonitor(Path binary, String logLevel, Duration createTimeout) {
        this.binary = binary;
        this.logLevel = logLevel;
        this.createTimeout = createTimeout;
    }

    /** conmon from PATH, logging errors only, with CRI-O's four minutes for a create. */
    public ConmonMonitor() {
        this(null, "error", DEFAULT_CREATE_TIMEOUT);
    }

    /** The conmon binary; empty when it is not installed. */
    public Optional<Path> binary() {
        return Executables.find(binary != null ? binary.toString() : "conmon");
    }

    private Path requireBinary() {
        return binary().orElseThrow(() -> HakoException.precondition(
                "conmon not found%s: apt-get install conmon", binary != null ? " at " + binary : " on PATH"));
    }

    /**
     * Starts conmon for the container and waits until the runtime's {@code create} finished. On
     * success the container is created (not started) and conmon watches it. On failure conmon has
     * exited and what it made is removed: the attach socket and FIFOs, the PID files, the log (when
     * this call created it), the persist directory (likewise) and the runtime's container.
     */
    public MonitoredContainer create(MonitorRequest request) throws IOException {
        Path conmon = requireBinary();
        Path runtime = request.runtime().binary().orElseThrow(() -> HakoException.precondition(
                "runtime handler %s: binary not found", request.runtime().name()));
        ConmonPaths paths = request.paths();
        refuseSecondMonitor(paths);
        removeConmonFiles(paths);
        Files.deleteIfExists(paths.exitFile());

        List<Path> madeHere = new ArrayList<>();
        createDirectory(request.persistDir(), madeHere);
        createDirectory(request.exitDir(), madeHere);
        createDirectory(request.logPath().getParent(), madeHere);
        boolean logExisted = Files.exists(request.logPath());

        boolean created = false;
        try (Pipe sync = Pipe.open(); Pipe start = Pipe.open(); Pipe stderr = Pipe.open()) {
            int pid = Spawn.start(new Spawn.Request(argv(conmon, runtime, request), environment(request),
                    Map.of(2, stderr.writeFd(), SYNC_FD, sync.writeFd(), START_FD, start.readFd()),
                    request.bundle(), true));
            sync.closeWrite();
            start.closeRead();
            stderr.closeWrite();
            // conmon waits for this before it forks: the moment a caller could move it to a cgroup.
            try {
                FileDescriptors.writeFully(start.writeFd(), new byte[] {'0'});
            } catch (SysException e) {
                if (e.errno() != Errno.EPIPE) {
                    throw e;
                }
                // conmon exited before reading it: its status and stderr say why.
            }
            start.closeWrite();
            // The process spawned forks the real conmon, writes its PID file and exits at once:
            // reaping it leaves hakod no child to wait for, and conmon reparented away from hakod.
            Spawn.ExitStatus launcher = Spawn.waitFor(pid);
            if (launcher.signaled() || launcher.code() != 0) {
                throw new HakoException(ErrorKind.INTERNAL, "conmon for container %s failed (%s): %s".formatted(
                        request.id(), launcher, orNothing(drain(stderr.readFd(), Duration.ofSeconds(2)))));
            }
            SyncMessage message = readSync(sync.readFd(), request);
            if (message.pid() > 0) {
                int conmonPid = readPid(paths.conmonPidFile());
                created = true;
                return new MonitoredContainer(request.id(), message.pid(), conmonPid, paths);
            }
            String detail = message.text() != null ? RuntimeMessages.clean(message.text())
                    : drain(stderr.readFd(), Duration.ofSeconds(2));
            throw new RuntimeFailure(request.runtime().name(), "create", request.id(), -1,
                    detail.isEmpty() ? "conmon reported no error message" : detail);
        } finally {
            if (!created) {
                undoCreate(request, paths, madeHere, logExisted);
            }
        }
    }

    private List<String> argv(Path conmon, Path runtime, MonitorRequest request) {
        ConmonPaths paths = request.paths();
        List<String> argv = new ArrayList<>(List.of(conmon.toString(), "--api-version", "1",
                "-c", request.id(), "-u", request.id(), "-r", runtime.toString(),
                "-b", request.bundle().toString(),
                "-p", paths.containerPidFile().toString(),
                "--conmon-pidfile", paths.conmonPidFile().toString(),
                "--persist-dir", request.persistDir().toString(),
                "--exit-dir", request.exitDir().toString(),
                "-l", "k8s-file:" + request.logPath(),
                // The attach socket is BUNDLE/attach itself, bound and reached through
                // /proc/self/fd/N/attach: no symlink in a socket directory to clean up.
                "--full-attach",
                "--log-level", logLevel));
        if (request.name() != null && !request.name().isEmpty()) {
            argv.addAll(List.of("-n", request.name()));
        }
        for (String arg : request.runtime().globalArgs()) {
            // The NAME=VALUE form: glib takes a value that starts with "--" verbatim only this way.
            argv.add("--runtime-arg=" + arg);
        }
        if (request.logSizeMax() > 0) {
            argv.addAll(List.of("--log-size-max", Long.toString(request.logSizeMax())));
        }
        if (request.terminal()) {
            argv.add("-t");
        }
        if (request.stdin()) {
            argv.add("-i");
            if (!request.stdinOnce()) {
                argv.add("--leave-stdin-open");
            }
        }
        return argv;
    }

    private static Map<String, String> environment(MonitorRequest request) {
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path != null ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("_OCI_SYNCPIPE", Integer.toString(SYNC_FD));
        env.put("_OCI_STARTPIPE", Integer.toString(START_FD));
        // conmon makes the console socket of -t in TMPDIR; in the persist directory it cannot be
        // left in /tmp by a create that fails, as long as the path fits a socket address.
        if (request.persistDir().toString().length() <= CONSOLE_SOCKET_DIR_MAX) {
            env.put("TMPDIR", request.persistDir().toString());
        }
        return env;
    }

    /** conmon's sync message: {"data": PID} when create succeeded, {"data": -1, "message": ...} when not. */
    private record SyncMessage(int pid, String text) {}

    private SyncMessage readSync(int fd, MonitorRequest request) throws IOException {
        long deadline = System.nanoTime() + createTimeout.toNanos();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !FileDescriptors.awaitReadable(fd, Duration.ofNanos(left))) {
                throw HakoException.unavailable("%s create %s: no answer from conmon within %d seconds",
                        request.runtime().name(), request.id(), createTimeout.toSeconds());
            }
            int n = FileDescriptors.read(fd, buffer, 0, buffer.length);
            if (n == 0) {
                break;
            }
            json.write(buffer, 0, n);
            if (json.toString(StandardCharsets.UTF_8).contains("\n")) {
                break;
            }
        }
        String text = json.toString(StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            // conmon ended without a word on the pipe (the runtime failed silently, or conmon did).
            return new SyncMessage(-1, null);
        }
        String first = text.lines().findFirst().orElse("");
        JsonNode node = Json.MAPPER.readTree(first);
        int data = node.path("data").asInt(-1);
        JsonNode message = node.get("message");
        return new SyncMessage(data, message == null ? null : message.asText());
    }

    private static String drain(int fd, Duration timeout) throws SysException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (out.size() < 64 * 1024) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !FileDescriptors.awaitReadable(fd, Duration.ofNanos(left))) {
                break;
            }
            int n = FileDescriptors.read(fd, buffer, 0, buffer.length);
            if (n == 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        // conmon prints "[conmon:e]: message"; the prefix says nothing to a user.
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> l.replaceFirst("^\\[conmon:\\w\\]:?\\s*", "").strip())
                .filter(l -> !l.isEmpty()).distinct().reduce((a, b) -> a + "; " + b).orElse("");
    }

    private static String orNothing(String s) {
        return s.isEmpty() ? "no message" : s;
    }

    private void refuseSecondMonitor(ConmonPaths paths) throws IOException {
        Optional<Integer> pid = conmonPid(paths);
        if (pid.isPresent() && isMonitoring(pid.get(), paths.id())) {
            throw HakoException.precondition("container %s already has a monitor (conmon %d)", paths.id(), pid.get());
        }
    }

    private static void createDirectory(Path dir, List<Path> madeHere) throws IOException {
        // Remembers the topmost directory this call makes, so a failure removes exactly that.
        Path top = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            top = p;
        }
        Files.createDirectories(dir);
        if (top != null) {
            madeHere.add(top);
        }
    }

    private void undoCreate(MonitorRequest request, ConmonPaths paths, List<Path> madeHere, boolean logExisted) {
        try {
            readPidIfPresent(paths.conmonPidFile()).ifPresent(pid -> {
                if (!awaitExit(pid, Duration.ofSeconds(5))) {
                    killQuietly(pid);
                    awaitExit(pid, Duration.ofSeconds(5));
                }
            });
            request.runtime().delete(request.id(), true);
        } catch (IOException | RuntimeException e) {
            // Best effort: the error that made create fail is the one to report.
        }
        try {
            removeConmonFiles(paths);
            Files.deleteIfExists(paths.exitFile());
            if (!logExisted) {
                Files.deleteIfExists(request.logPath());
            }
            removeConsoleSockets(request.persistDir());
            for (Path dir : madeHere.reversed()) {
                FileTrees.deleteRecursively(dir);
            }
        } catch (IOException e) {
            // Likewise best effort.
        }
    }

    private static void removeConmonFiles(ConmonPaths paths) throws IOException {
        for (Path p : List.of(paths.attachSocket(), paths.controlFifo(), paths.windowFifo(), paths.containerPidFile(),
                paths.conmonPidFile(), paths.persistedExitFile(), paths.oomFile(), paths.bundle().resolve("oom"))) {
            Files.deleteIfExists(p);
        }
    }

    private static void removeConsoleSockets(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "conmon-term.*")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void killQuietly(int pid) {
        try {
            Processes.signalIfAlive(pid, Signals.SIGKILL);
        } catch (SysException e) {
            // Gone or not ours: nothing more to do.
        }
    }

    private static int readPid(Path file) throws IOException {
        return readPidIfPresent(file).orElseThrow(() -> new HakoException(ErrorKind.INTERNAL,
                "conmon wrote no PID file at " + file));
    }

    private static Optional<Integer> readPidIfPresent(Path file) throws IOException {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            throw new HakoException(ErrorKind.INTERNAL, "not a PID in " + file, e);
        }
    }

    /** The PID conmon wrote for itself; empty when there is no PID file. */
    public Optional<Integer> conmonPid(ConmonPaths paths) throws IOException {
        return readPidIfPresent(paths.conmonPidFile());
    }

    /** True while {@code pid} is a running conmon (a reused PID of another program is not). */
    public boolean isAlive(int conmonPid) {
        return Processes.info(conmonPid).filter(p -> !p.zombie() && p.command().equals("conmon")).isPresent();
    }

    /**
     * True while {@code pid} is a running conmon watching container {@code id}: what a restarted
     * hakod checks before it trusts a PID file, since PIDs are reused, by other conmons too.
     */
    public boolean isMonitoring(int conmonPid, String id) {
        if (!isAlive(conmonPid)) {
            return false;
        }
        try {
            List<String> args = List.of(Files.readString(Path.of("/proc", Integer.toString(conmonPid), "cmdline"))
                    .split("\0"));
            int c = args.indexOf("-c");
            return c >= 0 && c + 1 < args.size() && args.get(c + 1).equals(id);
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    /** Waits until conmon {@code pid} is gone: true when it is, false when {@code timeout} passed first. */
    public boolean awaitExit(int conmonPid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(conmonPid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isAlive(conmonPid);
            }
        }
        return true;
    }

    /** How the container ended; empty while it runs (conmon writes the file when it ends). */
    public Optional<ContainerExit> exitStatus(Path exitDir, String id) throws IOException {
        Path file = exitDir.resolve(id);
        if (!file.normalize().getParent().equals(exitDir.normalize())) {
            throw HakoException.invalid("invalid container id %s", id);
        }
        try {
            String text = Files.readString(file).strip();
            Instant at = Files.getLastModifiedTime(file).toInstant();
            return Optional.of(new ContainerExit(Integer.parseInt(text), at));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            throw new HakoException(ErrorKind.INTERNAL, "exit file " + file + " holds no exit code", e);
        }
    }

    /** True when conmon saw the kernel's OOM killer act in the container's memory cgroup. */
    public boolean oomKilled(ConmonPaths paths) {
        return Files.exists(paths.oomFile());
    }

    /** Connects to the container's attach socket: FAILED_PRECONDITION when no conmon serves it. */
    public AttachSession attach(Path bundle) throws IOException {
        Path socket = bundle.resolve("attach");
        try {
            return new AttachSession(SeqpacketSocket.connect(socket));
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ECONNREFUSED) {
                throw HakoException.precondition("cannot attach: no conmon serves %s (the container is not running)",
                        socket);
            }
            throw e;
        }
    }

    /** Sets the size of the container's terminal (containers created with a terminal). */
    public void resize(Path bundle, int rows, int columns) throws IOException {
        if (rows < 0 || columns < 0 || rows > 0xffff || columns > 0xffff) {
            throw HakoException.invalid("invalid terminal size %dx%d", rows, columns);
        }
        control(bundle, RESIZE, rows, columns);
    }

    /**
     * Sets the terminal size of a container that was created but not started, and returns once the
     * container's terminal has it, so its process sees the size from its first instruction: conmon
     * applies a resize from its control FIFO whenever its loop gets to it, which under load can be
     * after {@code runtime start}. The terminal is read through the container's init (runc's code
     * until start, never the container's own), whose stdio it is.
     */
    public void resizeBeforeStart(Path bundle, int containerPid, int rows, int columns) throws IOException {
        resize(bundle, rows, columns);
        Path terminal = Path.of("/proc", Integer.toString(containerPid), "fd", "0");
        Pty.Size wanted = new Pty.Size(rows, columns);
        long deadline = System.nanoTime() + RESIZE_WAIT.toNanos();
        while (!wanted.equals(Pty.sizeOf(terminal))) {
            if (System.nanoTime() > deadline) {
                throw HakoException.unavailable("conmon did not set the terminal size within %d s", RESIZE_WAIT.toSeconds());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while conmon set the terminal size");
            }
        }
    }

    /**
     * Makes conmon reopen the log file, after it was moved away (log rotation), and returns once
     * it has: conmon closes the old file, writes a new one beside it and renames it onto
     * {@code logFile}, so from the moment a new file is at that path no line goes to the old one.
     * The kubelet counts on both when it compresses the rotated file (CRI-O waits the same way).
     */
    public void reopenLog(Path bundle, Path logFile) throws IOException {
        Object before = fileKey(logFile);
        control(bundle, REOPEN_LOGS, 0, 0);
        long deadline = System.nanoTime() + REOPEN_WAIT.toNanos();
        while (true) {
            Object now = fileKey(logFile);
            if (now != null && !now.equals(before)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw HakoException.unavailable("conmon did not reopen %s within %d s", logFile, REOPEN_WAIT.toSeconds());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while conmon reopened " + logFile);
            }
        }
    }

    /** The file's identity (device and inode), or null when there is none at {@code path}. */
    private static Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static void control(Path bundle, int type, int rows, int columns) throws IOException {
        Path fifo = bundle.resolve("ctl");
        int fd;
        try {
            fd = FileDescriptors.openFifoForWriting(fifo);
        } catch (SysException e) {
            if (e.errno() == Errno.ENXIO || e.errno() == Errno.ENOENT) {
                throw HakoException.precondition("no conmon reads %s (the container is not running)", fifo);
            }
            throw e;
        }
        try {
            // One line, far under PIPE_BUF: the write is atomic even with other writers.
            FileDescriptors.writeFully(fd, "%d %d %d\n".formatted(type, rows, columns).getBytes(StandardCharsets.US_ASCII));
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }
}
