package dev.hako.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.runtime.BusyboxBundle;
import dev.hako.runtime.RuntimeFailure;
import dev.hako.runtime.RuntimeHandler;
import dev.hako.sys.Processes;
import dev.hako.sys.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ConmonMonitor with the real conmon and runc: root, busybox-static. */
class ConmonMonitorIT {
    private static final Pattern CRI_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}[+-]\\d\\d:\\d\\d (stdout|stderr) [PF] .*");

    @TempDir
    Path dir;
    RuntimeHandler runc;
    final ConmonMonitor monitor = new ConmonMonitor();
    final List<String> ids = new ArrayList<>();
    final List<Process> strays = new ArrayList<>();

    @BeforeAll
    static void prerequisites() throws IOException {
        BusyboxBundle.requirePrerequisites("runc", "conmon");
    }

    @BeforeEach
    void handler() {
        runc = BusyboxBundle.runc(dir.resolve("runc"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        strays.forEach(Process::destroyForcibly);
        for (String id : ids) {
            runc.delete(id, true);
        }
        // conmon ends by itself once its container is gone; any that does not is a leak.
        List<Integer> left = conmonsOf(ids);
        for (int pid : left) {
            if (!monitor.awaitExit(pid, Duration.ofSeconds(10))) {
                Processes.signalIfAlive(pid, Signals.SIGKILL);
            }
        }
        assertEquals(List.of(), conmonsLeftAfterKill(left), "conmon processes left behind");
        assertTrue(!Files.isDirectory(dir.resolve("runc")) || isEmpty(dir.resolve("runc")), "runc containers left");
    }

    private List<Integer> conmonsLeftAfterKill(List<Integer> pids) {
        return pids.stream().filter(monitor::isAlive).toList();
    }

    @AfterAll
    static void removeCgroups() throws IOException {
        BusyboxBundle.removeTestCgroups();
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    /** conmon processes whose command line names one of {@code ids}. */
    private static List<Integer> conmonsOf(List<String> ids) throws IOException {
        List<Integer> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline;
                try {
                    cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                for (String id : ids) {
                    if (cmdline.startsWith("/usr/bin/conmon ") && cmdline.contains(" -c " + id + " ")) {
                        found.add(Integer.parseInt(p.getFileName().toString()));
                    }
                }
            }
        }
        return found;
    }

    private String id(String name) {
        String id = "hako-mon-" + name + "-" + ProcessHandle.current().pid();
        ids.add(id);
        return id;
    }

    private MonitorRequest request(String name, List<String> args, boolean terminal, boolean stdin, boolean stdinOnce,
            Consumer<ObjectNode> customize) throws Exception {
        String id = id(name);
        Path bundle = BusyboxBundle.create(dir.resolve(name), id, args, config -> {
            ((ObjectNode) config.get("process")).put("terminal", terminal);
            customize.accept(config);
        });
        return new MonitorRequest(id, name, runc, bundle, dir.resolve(name + "-persist"), dir.resolve("exits"),
                dir.resolve("logs").resolve(name + ".log"), terminal, stdin, stdinOnce, 0);
    }

    private MonitorRequest request(String name, List<String> args) throws Exception {
        return request(name, args, false, false, false, c -> {});
    }

    private ContainerExit awaitExit(MonitorRequest r) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ContainerExit> exit = monitor.exit(r.paths());
            if (exit.isPresent()) {
                return exit.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("container " + r.id() + " did not exit");
    }

    @Test
    void logsStdoutAndStderrInTheCriFormatAndRecordsTheExitCode() throws Exception {
        MonitorRequest r = request("echo", List.of("sh", "-c", "echo hello; echo oops >&2; exit 3"));
        Instant before = Instant.now().minusSeconds(1);
        MonitoredContainer c = monitor.launch(r);
        assertTrue(c.containerPid() > 0);
        assertEquals(c.containerPid(), runc.state(r.id()).pid());
        assertEquals("created", runc.state(r.id()).status());
        assertTrue(monitor.isAlive(c.monitorPid()));
        assertTrue(monitor.isMonitoring(c.monitorPid(), r.id()));
        assertFalse(monitor.isMonitoring(c.monitorPid(), r.id() + "-other"));
        assertEquals(Optional.of(c.monitorPid()), monitor.running(c.paths()));
        assertEquals(Optional.empty(), monitor.exit(r.paths()), "no exit before it ran");

        runc.start(r.id());
        ContainerExit exit = awaitExit(r);
        assertEquals(3, exit.exitCode());
        assertTrue(exit.at().isAfter(before) && exit.at().isBefore(Instant.now().plusSeconds(1)), exit.toString());
        assertTrue(monitor.awaitExit(c.monitorPid(), Duration.ofSeconds(10)), "conmon ends with its container");
        assertEquals("3", Files.readString(ConmonPaths.of(c.paths()).persistedExitFile()).strip());
        assertFalse(monitor.oomKilled(c.paths()));

        List<String> raw = Files.readAllLines(r.logPath());
        raw.forEach(line -> assertTrue(CRI_LINE.matcher(line).matches(), "not a CRI log line: " + line));
        List<String> entries = CriLog.read(r.logPath()).stream().map(e -> e.stream().criName() + " " + e.text()).toList();
        assertTrue(entries.contains("stdout hello"), entries.toString());
        assertTrue(entries.contains("stderr oops"), entries.toString());
        assertEquals(2, entries.size(), entries.toString());
    }

    @Test
    void aLineLongerThanConmonsBufferBecomesPartialRecordsThatJoinAgain() throws Exception {
        MonitorRequest r = request("long", List.of("sh", "-c", "head -c 20000 /dev/zero | tr '\\000' x; echo; echo next"));
        monitor.launch(r);
        runc.start(r.id());
        assertEquals(0, awaitExit(r).exitCode());
        List<String> raw = Files.readAllLines(r.logPath());
        assertTrue(raw.stream().filter(l -> l.contains(" stdout P ")).count() >= 2, "P records: " + raw.size());
        List<LogEntry> entries = CriLog.read(r.logPath());
        assertEquals(List.of("x".repeat(20000), "next"), entries.stream().map(LogEntry::text).toList());
        assertEquals(List.of("next"), CriLog.tail(r.logPath(), 1).stream().map(LogEntry::text).toList());
    }

    @Test
    void aFailedCreateReportsTheRuntimesErrorAndLeavesNothing() throws Exception {
        MonitorRequest r = request("missing", List.of("/bin/does-not-exist"));
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> monitor.launch(r));
        assertEquals("runc create " + r.id() + ": unable to start container process: exec: \"/bin/does-not-exist\": "
                + "stat /bin/does-not-exist: no such file or directory", e.getMessage());
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertFalse(e.getMessage().contains("level=error"), e.getMessage());
        assertNothingLeft(r);

        MonitorRequest bad = request("badcwd", List.of("true"), false, false, false,
                config -> ((ObjectNode) config.get("process")).put("cwd", "relative/dir"));
        RuntimeFailure cwd = assertThrows(RuntimeFailure.class, () -> monitor.launch(bad));
        assertTrue(cwd.getMessage().startsWith("runc create " + bad.id() + ": "), cwd.getMessage());
        assertTrue(cwd.getMessage().contains("cwd"), cwd.getMessage());
        assertNothingLeft(bad);
    }

    private void assertNothingLeft(MonitorRequest r) throws IOException {
        assertEquals(List.of(), conmonsOf(List.of(r.id())), "no conmon left");
        ConmonPaths p = ConmonPaths.of(r.paths());
        for (Path leftover : List.of(p.attachSocket(), p.controlFifo(), p.windowFifo(), r.persistDir(), r.logPath(),
                p.exitFile())) {
            assertFalse(Files.exists(leftover), leftover + " left behind");
        }
        assertThrows(HakoException.class, () -> runc.state(r.id()));
        try (Stream<Path> s = Files.list(r.bundle())) {
            assertEquals(List.of("config.json", "rootfs"), s.map(x -> x.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void conmonRunsInItsOwnSessionAwayFromThisProcess() throws Exception {
        MonitorRequest r = request("session", List.of("sleep", "30"));
        MonitoredContainer c = monitor.launch(r);
        Processes.Info conmon = Processes.info(c.monitorPid()).orElseThrow();
        assertEquals("conmon", conmon.command());
        assertEquals(c.monitorPid(), conmon.session(), "conmon leads its own session");
        assertNotEquals(Processes.self(), conmon.parentPid(), "conmon is no child of the JVM");
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.pid() == c.monitorPid()));
        assertEquals(c.monitorPid(), Processes.info(c.containerPid()).orElseThrow().parentPid(),
                "conmon is the container's subreaper");
        runc.start(r.id());
        runc.kill(r.id(), Signals.SIGKILL, false);
        assertEquals(137, awaitExit(r).exitCode());
        assertTrue(monitor.awaitExit(c.monitorPid(), Duration.ofSeconds(10)));
        assertFalse(monitor.isAlive(c.monitorPid()));
    }

    @Test
    void containersSurviveTheDeathOfTheProcessThatCreatedThem() throws Exception {
        MonitorRequest r = request("orphan", List.of("sh", "-c", "echo started; sleep 30"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process creator = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CreateAndHang.class.getName(), dir.resolve("runc").toString(),
                r.id(), r.bundle().toString(), r.exitDir().toString(), r.logPath().toString())
                .redirectErrorStream(true).start();
        strays.add(creator);
        String line = new BufferedReader(new InputStreamReader(creator.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertTrue(line != null && line.startsWith("created "), "the creator said: " + line);
        int conmonPid = Integer.parseInt(line.split(" ")[2]);

        Processes.kill((int) creator.pid(), Signals.SIGKILL); // as hakod would be: kill -9
        creator.waitFor();
        Thread.sleep(200);
        assertTrue(monitor.isAlive(conmonPid), "conmon outlives its creator");
        assertEquals("created", runc.state(r.id()).status());

        // A later process (a restarted hakod) manages it from the paths alone.
        MonitorPaths paths = new MonitorPaths(r.id(), r.bundle(), r.bundle(), r.exitDir());
        assertEquals(Optional.of(conmonPid), monitor.running(paths));
        try (AttachSession attach = monitor.attach(paths)) {
            runc.start(r.id());
            AttachSession.Frame frame = attach.read();
            assertEquals(Stdio.STDOUT, frame.stream());
            assertEquals("started\n", new String(frame.data(), StandardCharsets.UTF_8));
        }
        runc.kill(r.id(), Signals.SIGKILL, false);
        assertEquals(137, awaitExit(r).exitCode());
        assertTrue(monitor.awaitExit(conmonPid, Duration.ofSeconds(10)));
    }

    @Test
    void stdinAndOutputGoThroughTheAttachSocketEvenFromADeepBundle() throws Exception {
        String id = id("cat");
        Path deep = dir.resolve("a-directory-with-a-long-name-to-push-the-path".repeat(2)).resolve("bundle");
        Path bundle = BusyboxBundle.create(deep, id, List.of("sh", "-c", "cat; echo stdin closed >&2"));
        assertTrue(bundle.resolve("attach").toString().length() > 107, "the attach socket path exceeds sun_path");
        MonitorRequest r = new MonitorRequest(id, "cat", runc, bundle, bundle, dir.resolve("exits"),
                dir.resolve("cat.log"), false, true, true, 0);
        monitor.launch(r);
        try (AttachSession attach = monitor.attach(r.paths())) {
            runc.start(id);
            byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
            attach.writeStdin(hello, 0, hello.length);
            AttachSession.Frame echoed = attach.read();
            assertEquals(Stdio.STDOUT, echoed.stream());
            assertEquals("hello\n", new String(echoed.data(), StandardCharsets.UTF_8));

            attach.closeStdin(); // stdin-once: conmon closes the container's stdin, cat ends
            AttachSession.Frame last = attach.read();
            assertEquals(Stdio.STDERR, last.stream());
            assertEquals("stdin closed\n", new String(last.data(), StandardCharsets.UTF_8));
            assertEquals(null, attach.read(), "conmon closes the connection when the container ends");
        }
        assertEquals(0, awaitExit(r).exitCode());
        assertEquals(List.of("hello", "stdin closed"), CriLog.read(r.logPath()).stream().map(LogEntry::text).toList());
    }

    @Test
    void aTerminalContainerIsAttachedAndResized() throws Exception {
        MonitorRequest r = request("tty", List.of("sh", "-c", "while read line; do stty size; done; echo bye"), true,
                true, true, c -> {});
        monitor.launch(r);
        assertTrue(Files.exists(ConmonPaths.of(r.paths()).controlFifo()));
        assertTrue(Files.exists(ConmonPaths.of(r.paths()).windowFifo()));
        StringBuilder seen = new StringBuilder();
        try (AttachSession attach = monitor.attach(r.paths())) {
            runc.start(r.id());
            // The resize reaches the terminal through two FIFO hops inside conmon, maybe after the
            // newline that makes the shell look: ask again until the size shows.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!seen.toString().contains("40 120") && System.nanoTime() < deadline) {
                monitor.resize(r.paths(), 40, 120);
                attach.writeStdin("\n".getBytes(StandardCharsets.UTF_8), 0, 1);
                AttachSession.Frame f = attach.read();
                assertEquals(Stdio.STDOUT, f.stream(), "a terminal has one output stream");
                seen.append(new String(f.data(), StandardCharsets.UTF_8));
            }
            assertTrue(seen.toString().contains("40 120\r\n"), seen.toString());
            attach.writeStdin(new byte[] {4}, 0, 1); // Ctrl-D: end of input in the terminal
            for (AttachSession.Frame f = attach.read(); f != null; f = attach.read()) {
                seen.append(new String(f.data(), StandardCharsets.UTF_8));
            }
        }
        assertTrue(seen.toString().endsWith("bye\r\n"), seen.toString());
        assertEquals(0, awaitExit(r).exitCode());
    }

    @Test
    void reopenLogStartsANewFileAfterRotation() throws Exception {
        MonitorRequest r = request("rotate", List.of("cat"), false, true, false, c -> {});
        monitor.launch(r);
        runc.start(r.id());
        try (AttachSession attach = monitor.attach(r.paths())) {
            attach.writeStdin("one\n".getBytes(StandardCharsets.UTF_8), 0, 4);
            attach.read();
            Path rotated = r.logPath().resolveSibling("rotate.log.1");
            Files.move(r.logPath(), rotated);
            monitor.reopenLog(r.paths(), r.logPath());
            assertTrue(Files.exists(r.logPath()), "the new file is there when reopenLog returns");
            attach.writeStdin("two\n".getBytes(StandardCharsets.UTF_8), 0, 4);
            attach.read();
            assertEquals(List.of("one"), CriLog.read(rotated).stream().map(LogEntry::text).toList());
            assertEquals(List.of("two"), CriLog.read(r.logPath()).stream().map(LogEntry::text).toList());
        }
        runc.kill(r.id(), Signals.SIGKILL, false);
        assertEquals(137, awaitExit(r).exitCode());
    }

    @Test
    void withoutConmonThereIsNothingToAttachToOrControl() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("nobody"));
        MonitorPaths nobody = new MonitorPaths("never-ran", bundle, bundle, dir);
        HakoException attach = assertThrows(HakoException.class, () -> monitor.attach(nobody));
        assertEquals(ErrorKind.FAILED_PRECONDITION, attach.kind());
        HakoException resize = assertThrows(HakoException.class, () -> monitor.resize(nobody, 24, 80));
        assertEquals(ErrorKind.FAILED_PRECONDITION, resize.kind());
        assertEquals(Optional.empty(), monitor.exit(nobody));
        assertFalse(monitor.isAlive(Processes.self()), "a JVM is no conmon");
    }

    @Test
    void aSecondMonitorForTheSameContainerIsRefused() throws Exception {
        MonitorRequest r = request("twice", List.of("sleep", "30"));
        monitor.launch(r);
        HakoException e = assertThrows(HakoException.class, () -> monitor.launch(r));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().startsWith("container " + r.id() + " already has a monitor"), e.getMessage());
        assertTrue(Files.exists(ConmonPaths.of(r.paths()).attachSocket()), "the running monitor's socket is untouched");
    }
}
