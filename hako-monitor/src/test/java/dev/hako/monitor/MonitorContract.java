package dev.hako.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.runtime.HandlerConfig;
import dev.hako.runtime.Isolation;
import dev.hako.runtime.OciRuntimeCli;
import dev.hako.runtime.RuntimeFailure;
import dev.hako.runtime.RuntimeHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Monitor} does without running a container: no root, no real runtime. An
 * implementation's test extends this; {@link MonitorRunContract} has the cases that run one.
 */
public abstract class MonitorContract {
    @TempDir
    protected Path dir;

    /** The monitor under test. */
    protected abstract Monitor monitor();

    private MonitorPaths never() {
        return new MonitorPaths("never-launched", dir.resolve("bundle"), dir.resolve("persist"), dir.resolve("exits"));
    }

    private MonitorRequest request(String id, RuntimeHandler runtime) throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("bundles").resolve(id));
        return new MonitorRequest(id, id, runtime, bundle, dir.resolve("persist").resolve(id), dir.resolve("exits"),
                dir.resolve("logs").resolve(id + ".log"), false, false, false, 0);
    }

    /** A runtime whose create fails, saying why on stderr, as runc does for a bad bundle. */
    private RuntimeHandler refusingRuntime() throws IOException {
        Path script = dir.resolve("refusing-runtime");
        Files.writeString(script, "#!/bin/sh\necho 'container_linux.go: bundle refused' >&2\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new OciRuntimeCli(new HandlerConfig("refusing", script, dir.resolve("runtime-root"), Isolation.NAMESPACES,
                List.of()));
    }

    @Test
    void aContainerNeverLaunchedHasNoMonitorNoExitAndNoOom() throws IOException {
        assertEquals(Optional.empty(), monitor().running(never()));
        assertEquals(Optional.empty(), monitor().exit(never()));
        assertFalse(monitor().oomKilled(never()));
    }

    @Test
    void withoutAMonitorThereIsNothingToAttachToResizeOrReopen() {
        assertEquals(ErrorKind.FAILED_PRECONDITION,
                assertThrows(HakoException.class, () -> monitor().attach(never())).kind());
        assertEquals(ErrorKind.FAILED_PRECONDITION,
                assertThrows(HakoException.class, () -> monitor().resize(never(), 24, 80)).kind());
        assertEquals(ErrorKind.FAILED_PRECONDITION,
                assertThrows(HakoException.class, () -> monitor().reopenLog(never(), dir.resolve("c.log"))).kind());
    }

    @Test
    void killingOrForgettingWhatIsNotThereIsNoError() throws IOException {
        monitor().kill(never());
        monitor().forgetExit(never());
        assertEquals(Optional.empty(), monitor().running(never()));
    }

    @Test
    void aTerminalSizeOutOfRangeIsInvalid() {
        HakoException e = assertThrows(HakoException.class, () -> monitor().resize(never(), -1, 80));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    }

    @Test
    void aLaunchWithoutTheRuntimeBinaryIsAPreconditionAndMakesNothing() throws IOException {
        RuntimeHandler missing = new OciRuntimeCli(new HandlerConfig("missing", dir.resolve("no-such-runtime"),
                dir.resolve("runtime-root"), Isolation.NAMESPACES, List.of()));
        MonitorRequest r = request("missing-runtime", missing);
        HakoException e = assertThrows(HakoException.class, () -> monitor().launch(r));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertFalse(Files.exists(r.persistDir()));
        assertFalse(Files.exists(r.logPath()));
    }

    @Test
    void aLaunchWhoseCreateFailsSaysWhyAndLeavesNothing() throws IOException {
        MonitorRequest r = request("refused", refusingRuntime());
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> monitor().launch(r));
        assertTrue(e.getMessage().contains("bundle refused"), e.getMessage());
        assertEquals(Optional.empty(), monitor().running(r.paths()));
        assertEquals(Optional.empty(), monitor().exit(r.paths()));
        assertFalse(Files.exists(r.persistDir()), "the persist directory it made");
        assertFalse(Files.exists(r.logPath()), "the log it made");
        assertEquals(List.of(), list(r.bundle()), "nothing in the bundle");
    }

    private static List<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
