package dev.hako.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.sys.FileDescriptors;
import dev.hako.sys.Processes;
import dev.hako.sys.Pty;
import dev.hako.sys.Signals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OciRuntimeCli against the real runc: root, busybox-static. */
class RuncIT {
    @TempDir
    Path dir;
    RuntimeHandler runc;
    final List<String> created = new ArrayList<>();

    @BeforeAll
    static void prerequisites() throws IOException {
        BusyboxBundle.requirePrerequisites("runc");
    }

    @BeforeEach
    void handler() {
        runc = BusyboxBundle.runc(dir.resolve("runc-root"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (String id : created) {
            runc.delete(id, true);
        }
        assertEquals(List.of(), runcList(), "containers left behind");
    }

    @AfterAll
    static void removeCgroups() throws IOException {
        BusyboxBundle.removeTestCgroups();
    }

    private List<String> runcList() throws IOException {
        Path root = dir.resolve("runc-root");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private String id(String name) {
        String id = "hako-rt-" + name + "-" + ProcessHandle.current().pid();
        created.add(id);
        return id;
    }

    private String createSleeper(String name) throws Exception {
        String id = id(name);
        Path bundle = BusyboxBundle.create(dir.resolve(name), id, List.of("sleep", "30"));
        runc.create(id, bundle, dir.resolve(name + ".pid"));
        return id;
    }

    @Test
    void createStartStateKillDelete() throws Exception {
        String id = id("life");
        Path bundle = BusyboxBundle.create(dir.resolve("life"), id, List.of("sleep", "30"));
        Path pidFile = dir.resolve("life.pid");
        runc.create(id, bundle, pidFile);

        ContainerState created = runc.state(id);
        assertEquals("created", created.status());
        assertEquals(bundle, created.bundle());
        assertEquals(Integer.parseInt(Files.readString(pidFile).strip()), created.pid());
        assertEquals(List.of(created.pid()), runc.processes(id));

        runc.start(id);
        ContainerState running = runc.state(id);
        assertTrue(running.running(), running.toString());
        assertEquals("sleep", Processes.info(running.pid()).orElseThrow().command());
        HakoException again = assertThrows(HakoException.class, () -> runc.start(id));
        assertEquals(ErrorKind.FAILED_PRECONDITION, again.kind(), again.getMessage());

        // sleep is the container's PID 1, which ignores SIGTERM without a handler: SIGKILL.
        runc.kill(id, Signals.SIGKILL, false);
        ContainerState stopped = waitForStatus(id, "stopped");
        assertEquals(0, stopped.pid());
        HakoException notRunning = assertThrows(HakoException.class, () -> runc.kill(id, Signals.SIGKILL, false));
        assertEquals(ErrorKind.FAILED_PRECONDITION, notRunning.kind());
        assertEquals("runc kill " + id + ": container not running", notRunning.getMessage());

        runc.delete(id, false);
        HakoException gone = assertThrows(HakoException.class, () -> runc.state(id));
        assertEquals(ErrorKind.NOT_FOUND, gone.kind());
        assertEquals("runc state " + id + ": container does not exist", gone.getMessage());
        runc.delete(id, true);
    }

    private ContainerState waitForStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ContainerState state = runc.state(id);
        while (!state.status().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            state = runc.state(id);
        }
        assertEquals(status, state.status());
        return state;
    }

    @Test
    void aMissingCommandFailsCreateWithRuncsMessage() throws Exception {
        String id = id("missing");
        Path bundle = BusyboxBundle.create(dir.resolve("missing"), id, List.of("/bin/does-not-exist"));
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> runc.create(id, bundle, dir.resolve("m.pid")));
        assertTrue(e.getMessage().startsWith("runc create " + id + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("/bin/does-not-exist"), e.getMessage());
        assertEquals(List.of(), runcList(), "a failed create leaves no container");
    }

    @Test
    void forceDeleteRemovesARunningContainerAndItsCgroup() throws Exception {
        String id = createSleeper("force");
        runc.start(id);
        int pid = runc.state(id).pid();
        Path memoryCgroup = Path.of("/sys/fs/cgroup/memory", BusyboxBundle.CGROUP_PARENT, id);
        assertTrue(Files.isDirectory(memoryCgroup), "runc put the container under " + memoryCgroup);
        runc.delete(id, true);
        assertThrows(HakoException.class, () -> runc.state(id));
        assertTrue(!Processes.isAlive(pid) || waitGone(pid));
        assertTrue(!Files.exists(memoryCgroup), "the container's cgroup is gone");
    }

    private static boolean waitGone(int pid) throws InterruptedException {
        for (int i = 0; i < 200 && Processes.isAlive(pid); i++) {
            Thread.sleep(10);
        }
        return !Processes.isAlive(pid);
    }

    @Test
    void updateChangesTheCgroupLimits() throws Exception {
        String id = createSleeper("update");
        runc.start(id);
        Path resources = Files.writeString(dir.resolve("resources.json"), "{\"pids\":{\"limit\":42}}");
        runc.update(id, resources);
        assertEquals("42", Files.readString(Path.of("/sys/fs/cgroup/pids", BusyboxBundle.CGROUP_PARENT, id,
                "pids.max")).strip());
    }

    @Test
    void execWithPipesReturnsTheProcessStatusAndOutput() throws Exception {
        String id = createSleeper("exec");
        runc.start(id);
        Path process = BusyboxBundle.processJson(dir, false, List.of("sh", "-c", "cat; echo out; echo err >&2; exit 5"));
        Process p = runc.exec(id, process, dir.resolve("exec.pid"), RuntimeHandler.ExecIo.PIPES);
        p.getOutputStream().write("in\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertEquals("in\nout\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("err\n", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(5, p.waitFor());
        assertEquals(List.of(runc.state(id).pid()), runc.processes(id), "the exec'd process is gone");
    }

    @Test
    void theExecPidFileNamesTheProcessInTheContainerSoItCanBeKilled() throws Exception {
        String id = createSleeper("execkill");
        runc.start(id);
        Path process = BusyboxBundle.processJson(dir, false, List.of("sleep", "4321"));
        Path pidFile = dir.resolve("execkill-exec.pid");
        Process p = runc.exec(id, process, pidFile, RuntimeHandler.ExecIo.PIPES);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int pid = Integer.parseInt(Files.readString(pidFile).strip());
        assertTrue(runc.processes(id).contains(pid), "the pid file names a process of the container");
        Processes.kill(pid, Signals.SIGKILL);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "runc exec ends with its process");
        assertEquals(List.of(runc.state(id).pid()), runc.processes(id), "only the container's init is left");
    }

    @Test
    void execWithATerminalSeesItsSizeAndFollowsResizes() throws Exception {
        String id = createSleeper("tty");
        runc.start(id);
        Path process = BusyboxBundle.processJson(dir, true,
                List.of("sh", "-c", "while read line; do stty size; done"));
        try (Pty pty = Pty.open()) {
            pty.resize(new Pty.Size(30, 100));
            int slave = pty.openSlave();
            Process p = runc.exec(id, process, dir.resolve("tty.pid"), new RuntimeHandler.ExecIo(slave));
            FileDescriptors.close(slave); // runc holds its own copies
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                byte[] buffer = new byte[1024];
                try {
                    int n;
                    while ((n = pty.read(buffer, 0, buffer.length)) > 0) {
                        synchronized (seen) {
                            seen.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // runc copies our terminal's size to the container's once it has the container's
            // console, which can be just after the process starts: ask until the size shows.
            untilSeen(seen, "30 100", () -> pty.write("\n".getBytes(StandardCharsets.UTF_8), 0, 1));
            // On SIGWINCH runc copies the size again; the first one may come before runc listens.
            untilSeen(seen, "40 120", () -> {
                pty.resize(new Pty.Size(40, 120));
                Processes.kill((int) p.pid(), Signals.SIGWINCH);
                pty.write("\n".getBytes(StandardCharsets.UTF_8), 0, 1);
            });
            pty.write(new byte[] {4}, 0, 1); // Ctrl-D: end of input for the container's shell
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "exec ends with its process");
            assertEquals(0, p.exitValue());
            reader.get(5, TimeUnit.SECONDS); // runc's end closed the last slave descriptor: EOF

        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void untilSeen(ByteArrayOutputStream out, String expected, Step step)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!text(out).contains(expected) && System.nanoTime() < deadline) {
            step.run();
            Thread.sleep(200);
        }
        assertTrue(text(out).contains(expected), "expected " + expected + " in [" + text(out) + "]");
    }

    @Test
    void versionAndInfoOfTheRealRunc() {
        assertTrue(runc.version().orElseThrow().startsWith("runc version 1."), runc.version().toString());
        HandlerInfo info = RuntimeHandlers.defaults(dir).info().getFirst();
        assertEquals("runc", info.name());
        assertTrue(info.found());
        assertEquals("/usr/sbin/runc", info.path());
    }
}
