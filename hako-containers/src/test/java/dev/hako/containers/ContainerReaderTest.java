package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.monitor.LogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Logs, spec, command, writable layer and counters, read through the service. */
class ContainerReaderTest extends ServiceTestBase {
    @Test
    void logsAreReadFromTheContainersCriLog() throws Exception {
        String id = t.create("web");
        Files.writeString(t.paths.log(id), """
                2026-12-07T10:00:00.000000001Z stdout F one
                2026-12-07T10:00:00.000000002Z stderr F two
                2026-12-07T10:00:00.000000003Z stdout F three
                """);
        List<String> all = new ArrayList<>();
        t.service.logs("web", false, -1, e -> all.add(e.text()));
        assertEquals(List.of("one", "two", "three"), all);
        List<LogEntry> last = new ArrayList<>();
        t.service.logs(id, false, 1, last::add);
        assertEquals("three", last.getFirst().text());
        // Following a container that is not running ends after what is there.
        List<String> followed = new ArrayList<>();
        t.service.logs(id, true, 2, e -> followed.add(e.text()));
        assertEquals(List.of("two", "three"), followed);
    }

    @Test
    void theSpecAndCommandAreTheBundles() throws Exception {
        String id = t.create("web");
        assertEquals("sh", t.service.command(id));
        assertTrue(t.service.runtimeSpec(id).contains("\"args\""));
        assertEquals("", t.service.command("0".repeat(64)));
        assertEquals("", t.service.runtimeSpec("0".repeat(64)));
    }

    @Test
    void theWritableLayerIsTheSnapshotsUpperDirectory() throws Exception {
        String id = t.create("web");
        Path upper = t.snapshots.directory(ContainerService.SNAPSHOT_PREFIX + id);
        assertEquals(Optional.of(upper), t.service.writableLayer(id));
        assertEquals(Optional.empty(), t.service.writableLayer("0".repeat(64)));
    }

    @Test
    void aContainerThatDoesNotRunHasNoProcessesAndNoCounters() throws Exception {
        t.create("web");
        assertEquals(ErrorKind.FAILED_PRECONDITION,
                assertThrows(HakoException.class, () -> t.service.top("web", List.of())).kind());
        var stats = t.service.cgroupStats("web");
        assertTrue(stats.cpu().isEmpty() && stats.memory().isEmpty() && stats.pids().isEmpty());
    }

    @Test
    void aRunningContainerWhoseCgroupIsGoneCountsNothing() throws Exception {
        t.run("web");
        var stats = t.service.cgroupStats("web");
        assertTrue(stats.cpu().isEmpty() && stats.memory().isEmpty() && stats.pids().isEmpty());
    }
}
