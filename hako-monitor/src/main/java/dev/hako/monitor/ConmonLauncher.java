package dev.hako.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.errdefs.Rollback;
import dev.hako.oci.Json;
import dev.hako.runtime.RuntimeFailure;
import dev.hako.runtime.RuntimeMessages;
import dev.hako.sys.Errno;
import dev.hako.sys.FileDescriptors;
import dev.hako.sys.FileTrees;
import dev.hako.sys.Pipe;
import dev.hako.sys.Spawn;
import dev.hako.sys.SysException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts conmon for one container and speaks its sync protocol (see package-info): conmon
 * daemonises, runs {@code runtime create} and reports the container's PID, or the runtime's error,
 * on the sync pipe. A launch that fails undoes every step it took.
 */
final class ConmonLauncher {
    private static final int SYNC_FD = 3;
    private static final int START_FD = 4;
    // conmon builds its console socket name as TMPDIR/conmon-term.XXXXXX and cuts it to sun_path.
    private static final int CONSOLE_SOCKET_DIR_MAX = 90;

    private final Path conmon;
    private final String logLevel;
    private final Duration createTimeout;

    ConmonLauncher(Path conmon, String logLevel, Duration createTimeout) {
        this.conmon = conmon;
        this.logLevel = logLevel;
        this.createTimeout = createTimeout;
    }

    MonitoredContainer launch(MonitorRequest request) throws IOException {
        Path runtime = request.runtime().binary().orElseThrow(() -> HakoException.precondition(
                "runtime handler %s: binary not found", request.runtime().name()));
        ConmonPaths paths = ConmonPaths.of(request.paths());
        refuseSecondMonitor(paths);
        removeConmonFiles(paths);
        Files.deleteIfExists(paths.exitFile());

        try (Rollback undo = new Rollback();
             Pipe sync = Pipe.open(); Pipe start = Pipe.open(); Pipe stderr = Pipe.open()) {
            createDirectory(request.persistDir(), undo);
            createDirectory(request.exitDir(), undo);
            createDirectory(request.logPath().getParent(), undo);
            if (!Files.exists(request.logPath())) {
                undo.add(() -> Files.deleteIfExists(request.logPath()));
            }
            undo.add(() -> {
                removeConmonFiles(paths);
                Files.deleteIfExists(paths.exitFile());
                removeConsoleSockets(request.persistDir());
            });
            undo.add(() -> stopConmonAndRuntime(request, paths));

            int pid = Spawn.start(new Spawn.Request(argv(runtime, request, paths), environment(request),
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
                int conmonPid = ConmonProcesses.readPid(paths.conmonPidFile());
                undo.commit();
                return new MonitoredContainer(request.paths(), message.pid(), conmonPid);
            }
            String detail = message.text() != null ? RuntimeMessages.clean(message.text())
                    : drain(stderr.readFd(), Duration.ofSeconds(2));
            throw new RuntimeFailure(request.runtime().name(), "create", request.id(), -1,
                    detail.isEmpty() ? "conmon reported no error message" : detail);
        }
    }

    private List<String> argv(Path runtime, MonitorRequest request, ConmonPaths paths) {
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

    private static void refuseSecondMonitor(ConmonPaths paths) throws IOException {
        Optional<Integer> pid = ConmonProcesses.readPidIfPresent(paths.conmonPidFile());
        if (pid.isPresent() && ConmonProcesses.isMonitoring(pid.get(), paths.id())) {
            throw HakoException.precondition("container %s already has a monitor (conmon %d)", paths.id(), pid.get());
        }
    }

    /** Makes {@code dir}; a failure removes exactly what this made (its topmost new directory). */
    private static void createDirectory(Path dir, Rollback undo) throws IOException {
        Path top = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            top = p;
        }
        Files.createDirectories(dir);
        if (top != null) {
            Path made = top;
            undo.add(() -> FileTrees.deleteRecursively(made));
        }
    }

    /** After a failed create: conmon ends on its own (it is given a while), the runtime forgets the container. */
    private static void stopConmonAndRuntime(MonitorRequest request, ConmonPaths paths) throws IOException {
        Optional<Integer> pid = ConmonProcesses.readPidIfPresent(paths.conmonPidFile());
        if (pid.isPresent() && !ConmonProcesses.awaitExit(pid.get(), Duration.ofSeconds(5))) {
            ConmonProcesses.killQuietly(pid.get());
            ConmonProcesses.awaitExit(pid.get(), Duration.ofSeconds(5));
        }
        request.runtime().delete(request.id(), true);
    }

    static void removeConmonFiles(ConmonPaths paths) throws IOException {
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
}
