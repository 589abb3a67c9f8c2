package dev.hako.containers;

import static dev.hako.containers.TestContainers.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.MonitorRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Start, stop, kill, restart and remove, against a fake monitor and runtime. */
class ContainerLifecycleTest extends ServiceTestBase {
    @Test
    void startLaunchesTheMonitorThenStartsTheRuntime() throws Exception {
        String id = t.create("web");
        t.service.start("web");

        MonitorRequest launched = t.monitor.launched.getFirst();
        assertEquals(id, launched.id());
        assertEquals("web", launched.name());
        assertEquals(t.paths.bundle(id), launched.bundle());
        assertEquals(t.paths.monitorDir(id), launched.persistDir());
        assertEquals(t.paths.exitDir(), launched.exitDir());
        assertEquals(t.paths.log(id), launched.logPath());
        assertEquals(List.of("start"), t.runtime.verbsFor(id));
        ContainerRecord r = t.record(id);
        assertEquals(ContainerRecord.State.RUNNING, r.state());
        assertEquals((int) t.monitor.running.get(id), r.conmonPid());
        assertTrue(r.pid() > 0);
        assertEquals(List.of(ContainerEvent.Kind.CREATED, ContainerEvent.Kind.STARTED), t.eventsOf(id));
    }

    @Test
    void startingARunningContainerIsNoError() throws Exception {
        String id = t.run("web");
        t.service.start(id);
        assertEquals(1, t.monitor.launched.size());
    }

    @Test
    void aLaunchThatFailsIsAPreconditionAndTellsWaitingClients() throws Exception {
        String id = t.create("web");
        ContainerService.Attachment early = t.service.attach("web");
        t.monitor.failLaunch = new IOException("runc create: no such file");

        HakoException e = assertThrows(HakoException.class, () -> t.service.start(id));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals("failed to start container web: runc create: no such file", e.getMessage());
        assertEquals(ContainerRecord.State.CREATED, t.record(id).state());
        assertThrows(CompletionException.class, () -> early.session().join());
        assertThrows(CompletionException.class, () -> early.exit().join());
    }

    @Test
    void aRuntimeStartThatFailsStopsTheMonitorAndTheRuntimeContainer() throws Exception {
        String id = t.create("web");
        t.runtime.failStart = new IOException("exec format error");

        HakoException e = assertThrows(HakoException.class, () -> t.service.start(id));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals(List.of(id), t.monitor.killed);
        assertEquals(List.of("start", "delete"), t.runtime.verbsFor(id));
        assertEquals(ContainerRecord.State.CREATED, t.record(id).state());
    }

    @Test
    void anAutoRemoveContainerThatCannotStartIsRemoved() throws Exception {
        String id = t.service.create(TestContainers.options("once", true, List.of())).id();
        t.runtime.failStart = new IOException("exec format error");

        assertThrows(HakoException.class, () -> t.service.start(id));
        assertTrue(t.records.get(id).isEmpty());
        assertFalse(Files.exists(t.paths.bundle(id)));
    }

    @Test
    void stopSendsTheImagesStopSignalAndRecordsTheExit() throws Exception {
        t.addImage("quits-on-int", "another layer", "SIGINT");
        String id = t.service.create(new ContainerOptions("web", "quits-on-int", null, List.of(), List.of(), "", "",
                List.of(), List.of(), false, "", 0, 0, 0, List.of(), List.of(), false, null, false, null, "", false,
                false, false, false, java.util.Map.of())).id();
        t.service.start(id);
        t.runtime.deadlySignals.add(2);

        t.service.stop("web", 5);

        assertTrue(t.runtime.calls.contains("kill " + id + " 2"), t.runtime.calls.toString());
        ContainerRecord r = t.record(id);
        assertEquals(ContainerRecord.State.EXITED, r.state());
        assertEquals(130, r.exitCode());
        assertTrue(r.finishedAt() > 0);
        assertEquals(List.of(ContainerEvent.Kind.CREATED, ContainerEvent.Kind.STARTED, ContainerEvent.Kind.STOPPED),
                t.eventsOf(id));
        assertFalse(Files.exists(t.paths.exitDir().resolve(id)), "the exit file is gone once recorded");
    }

    @Test
    void aContainerThatIgnoresTheStopSignalIsKilledAfterTheTimeout() throws Exception {
        String id = t.run("stubborn");
        t.runtime.deadlySignals.remove(15);

        t.service.stop(id, 1);

        assertEquals(List.of("start", "kill", "kill", "delete"), t.runtime.verbsFor(id));
        assertTrue(t.runtime.calls.contains("kill " + id + " 9 all"), t.runtime.calls.toString());
        assertEquals(137, t.record(id).exitCode());
    }

    @Test
    void stopAndKillNeedARunningContainer() throws Exception {
        String id = t.create("web");
        assertEquals(ErrorKind.FAILED_PRECONDITION,
                assertThrows(HakoException.class, () -> t.service.stop("web", 1)).kind());
        HakoException kill = assertThrows(HakoException.class, () -> t.service.kill("web", "TERM"));
        assertEquals("cannot kill container web: container " + id + " is not running", kill.getMessage());
    }

    @Test
    void killSendsTheSignalNamed() throws Exception {
        String id = t.run("web");
        t.runtime.deadlySignals.clear();
        t.service.kill("web", "SIGHUP");
        t.service.kill("web", "");
        assertEquals(List.of("kill " + id + " 1", "kill " + id + " 9 all"),
                t.runtime.calls.stream().filter(c -> c.startsWith("kill")).toList());
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                assertThrows(HakoException.class, () -> t.service.kill("web", "SIGNOPE")).kind());
    }

    @Test
    void restartStopsThenStartsAgainAsAFreshRuntimeContainer() throws Exception {
        String id = t.run("web");
        t.service.restart("web", 5);
        assertEquals(2, t.monitor.launched.size());
        ContainerRecord r = t.record(id);
        assertEquals(ContainerRecord.State.RUNNING, r.state());
        assertEquals(1, r.restartCount());
        // The exit deleted the runtime's container; the restart deletes it once more before the launch.
        assertEquals(List.of("start", "kill", "delete", "delete", "start"), t.runtime.verbsFor(id));
    }

    @Test
    void removeRefusesARunningContainerUnlessForced() throws Exception {
        String id = t.run("web");
        HakoException e = assertThrows(HakoException.class, () -> t.service.remove("web", false));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().startsWith("cannot remove container \"/web\": container is running"), e.getMessage());

        assertEquals(id, t.service.remove("web", true));
        assertTrue(t.records.get(id).isEmpty());
        assertTrue(t.runtime.calls.contains("kill " + id + " 9 all"), "forced: killed at once");
        assertEquals(List.of(), t.snapshots.activeKeys());
        assertFalse(t.mounter.isMounted(t.paths.rootfs(id)));
        assertFalse(Files.exists(t.paths.bundle(id)));
        assertFalse(Files.exists(t.paths.logDir(id)));
        assertEquals(ContainerEvent.Kind.DELETED, t.eventsOf(id).getLast());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> t.service.get(id)).kind());
    }

    @Test
    void removeKillsAMonitorThatOutlivedItsContainer() throws Exception {
        String id = t.run("web");
        t.runtime.deadlySignals.clear();
        t.service.kill("web", "TERM");
        t.monitor.exited(t.paths.monitor(id), 0);
        eventually("the exit is recorded", () -> t.record(id).state() == ContainerRecord.State.EXITED);
        t.monitor.running.put(id, 4242); // as if the monitor were still there
        t.service.remove(id, false);
        assertEquals(List.of(id), t.monitor.killed);
    }

    @Test
    void waitingAttachmentsAreToldOfARemoval() throws Exception {
        t.create("web");
        ContainerService.Attachment a = t.service.attach("web");
        t.service.remove("web", false);
        CompletionException e = assertThrows(CompletionException.class, () -> a.session().join());
        assertEquals(ErrorKind.NOT_FOUND, ((HakoException) e.getCause()).kind());
    }

    @Test
    void reopenLogAsksTheMonitorOfARunningContainer() throws Exception {
        String id = t.create("web");
        assertEquals(ErrorKind.FAILED_PRECONDITION,
                assertThrows(HakoException.class, () -> t.service.reopenLog("web")).kind());
        t.service.start(id);
        t.service.reopenLog("web");
        assertEquals("reopenLog " + id + " " + t.paths.log(id), t.monitor.calls.getLast());
    }
}
