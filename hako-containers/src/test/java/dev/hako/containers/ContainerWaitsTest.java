package dev.hako.containers;

import static dev.hako.containers.TestContainers.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docker's wait conditions: a wait in place before the start hears the run it starts. */
class ContainerWaitsTest extends ServiceTestBase {
    @Test
    void nextExitMadeBeforeTheStartHearsThatRun() throws Exception {
        String id = t.service.create(TestContainers.options("later", false, List.of())).id();
        CompletableFuture<ContainerExitStatus> next = t.service.waitFor(id, WaitCondition.NEXT_EXIT);
        CompletableFuture<ContainerExitStatus> notRunning = t.service.waitFor(id, WaitCondition.NOT_RUNNING);
        assertTrue(notRunning.isDone(), "a created container is not running: answered at once");
        assertFalse(next.isDone());
        t.service.start(id);
        t.monitor.exited(t.paths.monitor(id), 7);
        assertEquals(new ContainerExitStatus(7, false), next.get(10, TimeUnit.SECONDS));
    }

    @Test
    void removedAnswersTheExitOfAnAutoRemovedContainerOnceItIsGone() throws Exception {
        String id = t.service.create(TestContainers.options("once", true, List.of())).id();
        CompletableFuture<ContainerExitStatus> removed = t.service.waitFor(id, WaitCondition.REMOVED);
        t.service.start(id);
        t.monitor.exited(t.paths.monitor(id), 3);
        assertEquals(new ContainerExitStatus(3, false), removed.get(10, TimeUnit.SECONDS));
        assertTrue(t.records.get(id).isEmpty(), "answered only once the container is gone");
    }

    @Test
    void removedOfAStoppedContainerAnswersWhenItIsRemoved() throws Exception {
        String id = t.run("web");
        t.monitor.exited(t.paths.monitor(id), 1);
        eventually("the exit is recorded", () -> t.record(id).state() == ContainerRecord.State.EXITED);
        CompletableFuture<ContainerExitStatus> removed = t.service.waitFor(id, WaitCondition.REMOVED);
        Thread.sleep(50);
        assertFalse(removed.isDone());
        t.service.remove(id, false);
        assertEquals(new ContainerExitStatus(1, false), removed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aWaitOnNoContainerIsNotFound() {
        HakoException e = assertThrows(HakoException.class, () -> t.service.waitFor("nosuch", WaitCondition.NEXT_EXIT));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
    }
}
