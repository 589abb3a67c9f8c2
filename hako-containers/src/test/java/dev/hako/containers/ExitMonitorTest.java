package dev.hako.containers;

import static dev.hako.containers.TestContainers.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.metadata.ContainerRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exits the monitor records: waiters, OOM, auto-remove, and exits that happened while hakod was down. */
class ExitMonitorTest extends ServiceTestBase {
    @Test
    void awaitAnswersTheExitCodeOnceTheMonitorWritesIt() throws Exception {
        String id = t.run("web");
        CompletableFuture<ContainerExitStatus> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return t.service.await("web");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        eventually("the waiter waits", () -> !waiting.isDone() && t.record(id).state() == ContainerRecord.State.RUNNING);
        t.monitor.exited(t.paths.monitor(id), 3);

        assertEquals(new ContainerExitStatus(3, false), waiting.get(10, TimeUnit.SECONDS));
        ContainerRecord r = t.record(id);
        assertEquals(ContainerRecord.State.EXITED, r.state());
        assertEquals(3, r.exitCode());
        assertTrue(t.runtime.calls.contains("delete " + id), "the runtime forgets the container");
        // A container that is not running answers at once.
        assertEquals(new ContainerExitStatus(3, false), t.service.await(id));
    }

    @Test
    void theMonitorsOomMarkIsRecorded() throws Exception {
        String id = t.run("hungry");
        t.monitor.oom.add(id);
        t.monitor.exited(t.paths.monitor(id), 137);
        eventually("the exit is recorded", () -> t.record(id).state() == ContainerRecord.State.EXITED);
        assertTrue(t.record(id).oomKilled());
        assertEquals(new ContainerExitStatus(137, true), t.service.await(id));
    }

    @Test
    void anAttachedClientHearsTheExitEvenOfAnAutoRemovedContainer() throws Exception {
        String id = t.service.create(TestContainers.options("once", true, List.of())).id();
        ContainerService.Attachment a = t.service.attach(id);
        t.service.start(id);
        assertTrue(a.session().isDone(), "connected at the start");

        t.monitor.exited(t.paths.monitor(id), 0);

        assertEquals(new ContainerExitStatus(0, false), a.exit().get(10, TimeUnit.SECONDS));
        eventually("the container is removed", () -> t.records.get(id).isEmpty());
        eventually("its bundle goes", () -> !Files.exists(t.paths.bundle(id)));
        // DELETED is announced last, once the logs are gone too: wait for it, not for the bundle.
        eventually("its removal is announced", () -> t.eventsOf(id).contains(ContainerEvent.Kind.DELETED));
        assertEquals(List.of(ContainerEvent.Kind.CREATED, ContainerEvent.Kind.STARTED, ContainerEvent.Kind.STOPPED,
                ContainerEvent.Kind.DELETED), t.eventsOf(id));
    }

    @Test
    void aContainerWithoutAutoRemoveStays() throws Exception {
        String id = t.run("web");
        t.monitor.exited(t.paths.monitor(id), 1);
        eventually("the exit is recorded", () -> t.record(id).state() == ContainerRecord.State.EXITED);
        Thread.sleep(100);
        assertTrue(t.records.get(id).isPresent());
        assertTrue(Files.exists(t.paths.bundle(id)));
    }

    @Test
    void filesThatNameNoContainerAreIgnored() throws Exception {
        String id = t.run("web");
        Files.writeString(t.paths.exitDir().resolve("not-an-id"), "1");
        Thread.sleep(100);
        assertEquals(ContainerRecord.State.RUNNING, t.record(id).state());
    }

    @Test
    void recoveryRecordsExitsThatHappenedWhileHakodWasDown() throws Exception {
        String exited = t.run("exited");
        String lost = t.run("lost");
        String alive = t.run("alive");
        t.service.close(); // hakod goes away
        t.monitor.exited(t.paths.monitor(exited), 7);
        t.monitor.running.remove(lost); // its monitor died without a word

        ContainerService restarted = new ContainerService(t.images::get, t.snapshots, t.mounter, t.records,
                new dev.hako.runtime.RuntimeHandlers(List.of(t.runtime), "runc"), t.monitor,
                dev.hako.cgroups.Cgroups.of("26 24 0:23 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", dir.resolve("cg")),
                dev.hako.spec.SpecGenerator.defaults(), dev.hako.spec.HostLimits.unrestricted(), t.paths, "/hako");
        try {
            List<String> notes = restarted.recover();
            assertEquals(7, t.record(exited).exitCode());
            assertEquals(ContainerRecord.State.EXITED, t.record(exited).state());
            assertEquals(255, t.record(lost).exitCode());
            assertEquals("the container's monitor died without recording an exit code", t.record(lost).error());
            assertEquals(ContainerRecord.State.RUNNING, t.record(alive).state(),
                    "its monitor runs on; the runtime state aside, nothing to do");
            assertTrue(notes.contains("container " + exited + " exited with 7 while hakod was down"), notes.toString());
            assertTrue(notes.contains("container " + lost + " lost its monitor; marked exited (255)"), notes.toString());
        } finally {
            restarted.close();
        }
    }

    @Test
    void recoveryRemovesBundlesAndSnapshotsOfUnknownContainers() throws Exception {
        String stray = "a".repeat(64);
        Files.createDirectories(t.paths.bundle(stray));
        t.snapshots.prepare(ContainerService.SNAPSHOT_PREFIX + stray, null);
        String kept = t.create("kept");

        t.service.close(); // as at a restart: recovery, then a new watch
        List<String> notes = t.service.recover();

        assertFalse(Files.exists(t.paths.bundle(stray)));
        assertEquals(List.of(ContainerService.SNAPSHOT_PREFIX + kept), t.snapshots.activeKeys());
        assertTrue(notes.contains("removed stray bundle " + stray), notes.toString());
    }
}
