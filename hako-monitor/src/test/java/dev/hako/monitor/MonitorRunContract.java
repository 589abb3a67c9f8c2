package dev.hako.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.runtime.BusyboxBundle;
import dev.hako.runtime.RuntimeHandler;
import dev.hako.sys.Signals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Monitor} does with a real container: root, runc and busybox-static. An
 * implementation's integration test (an *IT class) extends this.
 */
public abstract class MonitorRunContract {
    @TempDir
    protected Path dir;
    private RuntimeHandler runc;
    private final List<String> ids = new ArrayList<>();

    protected abstract Monitor monitor();

    @BeforeAll
    static void prerequisites() throws Exception {
        BusyboxBundle.requirePrerequisites("runc");
    }

    @BeforeEach
    void runtime() {
        runc = BusyboxBundle.runc(dir.resolve("runc"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String id : ids) {
            runc.delete(id, true);
            monitor().kill(paths(id));
        }
    }

    @AfterAll
    static void removeCgroups() throws Exception {
        BusyboxBundle.removeTestCgroups();
    }

    private MonitorPaths paths(String id) {
        return new MonitorPaths(id, dir.resolve(id), dir.resolve(id + "-persist"), dir.resolve("exits"));
    }

    private MonitorRequest request(String name, List<String> args, boolean terminal) throws Exception {
        String id = "hako-contract-" + name + "-" + ProcessHandle.current().pid();
        ids.add(id);
        Path bundle = BusyboxBundle.create(dir.resolve(id), id, args,
                config -> ((ObjectNode) config.get("process")).put("terminal", terminal));
        MonitorPaths p = paths(id);
        assertEquals(p.bundle(), bundle);
        return new MonitorRequest(id, name, runc, bundle, p.persistDir(), p.exitDir(),
                dir.resolve("logs").resolve(name + ".log"), terminal, terminal, terminal, 0);
    }

    private static <T> T eventually(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 20 s: " + what);
    }

    private Optional<ContainerExit> exitOf(MonitorPaths p) {
        try {
            return monitor().exit(p);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLaunchedContainerIsWatchedItsOutputAttachedAndItsExitRecorded() throws Exception {
        MonitorRequest r = request("echo", List.of("sh", "-c", "read x; echo hello; exit 3"), false);
        MonitoredContainer c = monitor().launch(new MonitorRequest(r.id(), r.name(), r.runtime(), r.bundle(),
                r.persistDir(), r.exitDir(), r.logPath(), false, true, true, 0));
        assertEquals(r.paths(), c.paths());
        assertTrue(c.containerPid() > 0);
        assertEquals(Optional.of(c.monitorPid()), monitor().running(r.paths()));
        assertEquals(Optional.empty(), monitor().exit(r.paths()), "created, not started: no exit");

        try (AttachSession attach = monitor().attach(r.paths())) {
            runc.start(r.id());
            attach.writeStdin("go\n".getBytes(StandardCharsets.UTF_8), 0, 3);
            AttachSession.Frame frame = attach.read();
            assertEquals(Stdio.STDOUT, frame.stream());
            assertEquals("hello\n", new String(frame.data(), StandardCharsets.UTF_8));
        }
        assertEquals(3, eventually("the exit", () -> exitOf(r.paths())).exitCode());
        eventually("the monitor ends with its container", () -> {
            try {
                return monitor().running(r.paths()).isEmpty() ? Optional.of(true) : Optional.empty();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        monitor().forgetExit(r.paths());
        assertEquals(Optional.empty(), monitor().exit(r.paths()));
    }

    @Test
    void killEndsTheMonitorNotTheRuntimesContainer() throws Exception {
        MonitorRequest r = request("sleeper", List.of("sleep", "30"), false);
        monitor().launch(r);
        runc.start(r.id());
        monitor().kill(r.paths());
        assertEquals(Optional.empty(), monitor().running(r.paths()));
        assertEquals("running", runc.state(r.id()).status(), "the container is the runtime's to end");
        runc.kill(r.id(), Signals.SIGKILL, true);
    }

    @Test
    void aSizeGivenBeforeTheStartIsTheTerminalsFromTheFirstInstruction() throws Exception {
        MonitorRequest r = request("tty", List.of("stty", "size"), true);
        MonitoredContainer c = monitor().launch(r);
        monitor().resizeBeforeStart(c, 33, 77);
        StringBuilder seen = new StringBuilder();
        try (AttachSession attach = monitor().attach(r.paths())) {
            runc.start(r.id());
            for (AttachSession.Frame f = attach.read(); f != null; f = attach.read()) {
                seen.append(new String(f.data(), StandardCharsets.UTF_8));
            }
        }
        assertEquals("33 77\r\n", seen.toString());
        assertEquals(0, eventually("the exit", () -> exitOf(r.paths())).exitCode());
    }
}
