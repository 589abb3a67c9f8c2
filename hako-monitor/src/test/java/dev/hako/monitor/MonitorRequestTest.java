package dev.hako.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.runtime.HandlerConfig;
import dev.hako.runtime.Isolation;
import dev.hako.runtime.OciRuntimeCli;
import dev.hako.runtime.RuntimeHandler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorRequestTest {
    private static final RuntimeHandler RUNC = new OciRuntimeCli(new HandlerConfig("runc", null, Path.of("/run/hako/runc"),
            Isolation.NAMESPACES, List.of()));

    private static MonitorRequest request(String id, Path log) {
        return new MonitorRequest(id, "web", RUNC, Path.of("/run/hako/b/" + id), Path.of("/run/hako/b/" + id),
                Path.of("/run/hako/exits"), log, false, false, false, 0);
    }

    @Test
    void pathsAreDerivedFromTheIdAndTheDirectories() {
        ConmonPaths paths = ConmonPaths.of(request("c1", Path.of("/var/log/c1.log")).paths());
        assertEquals(Path.of("/run/hako/b/c1/attach"), paths.attachSocket());
        assertEquals(Path.of("/run/hako/b/c1/ctl"), paths.controlFifo());
        assertEquals(Path.of("/run/hako/b/c1/winsz"), paths.windowFifo());
        assertEquals(Path.of("/run/hako/b/c1/pidfile"), paths.containerPidFile());
        assertEquals(Path.of("/run/hako/b/c1/conmon.pid"), paths.conmonPidFile());
        assertEquals(Path.of("/run/hako/exits/c1"), paths.exitFile());
        assertEquals(Path.of("/run/hako/b/c1/exit"), paths.persistedExitFile());
        assertEquals(Path.of("/run/hako/b/c1/oom"), paths.oomFile());
    }

    @Test
    void refusesIdsThatCouldEscapeTheirDirectoriesAndPathsConmonCannotTake() {
        for (String bad : List.of("", "..", "a/b", "a b", "x\n")) {
            HakoException e = assertThrows(HakoException.class, () -> request(bad, Path.of("/l.log")));
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        }
        HakoException colon = assertThrows(HakoException.class, () -> request("c1", Path.of("/var/log/a:b.log")));
        assertEquals("container c1: log path /var/log/a:b.log contains a colon, which conmon cannot take",
                colon.getMessage());
        HakoException relative = assertThrows(HakoException.class, () -> request("c1", Path.of("c1.log")));
        assertEquals("container c1: log path must be an absolute path, not c1.log", relative.getMessage());
    }

    @Test
    void streamsHaveConmonsAttachBytesAndCriNames() {
        assertEquals(Stdio.STDOUT, Stdio.ofAttachByte(2));
        assertEquals(Stdio.STDERR, Stdio.ofAttachByte(3));
        assertEquals(null, Stdio.ofAttachByte(1));
        assertEquals(Stdio.STDERR, Stdio.ofCriName("stderr"));
        assertEquals("stdout", Stdio.STDOUT.criName());
    }
}
