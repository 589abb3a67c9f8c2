package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attachments and terminal sizes that wait for a start, and what goes straight to a running container's monitor. */
class AttachRegistryTest extends ServiceTestBase {
    @Test
    void anAttachmentMadeBeforeTheStartIsConnectedBetweenLaunchAndRuntimeStart() throws Exception {
        String id = t.create("web");
        ContainerService.Attachment a = t.service.attach("web");
        assertFalse(a.session().isDone(), "nothing to connect to yet");
        assertEquals(List.of(), t.monitor.calls);

        t.service.start(id);

        assertTrue(a.session().isDone());
        assertEquals(List.of("launch " + id, "attach " + id), t.monitor.calls);
    }

    @Test
    void aRunningContainerIsAttachedAtOnce() throws Exception {
        String id = t.run("web");
        ContainerService.Attachment a = t.service.attach(id.substring(0, 12));
        assertEquals(id, a.id());
        assertTrue(a.session().isDone());
        assertFalse(a.exit().isDone());
    }

    @Test
    void aDetachedWaiterIsNotConnectedAndItsSessionIsClosed() throws Exception {
        String id = t.create("web");
        ContainerService.Attachment a = t.service.attach(id);
        t.service.detach(a);
        t.service.start(id);
        assertFalse(a.session().isDone(), "given up before the start");
        assertEquals(List.of("launch " + id), t.monitor.calls);

        ContainerService.Attachment b = t.service.attach(id);
        t.service.detach(b);
        assertTrue(((FakeMonitor.Session) b.session().join()).closed);
    }

    @Test
    void aSizeGivenBeforeTheStartIsAppliedOnceBeforeTheRuntimeStartsATerminalContainer() throws Exception {
        ContainerOptions tty = new ContainerOptions("tty", TestContainers.IMAGE, null, List.of(), List.of(), "", "",
                List.of(), List.of(), false, "", 0, 0, 0, List.of(), List.of(), false, null, false, null, "", true, true,
                false, false, java.util.Map.of());
        String id = t.service.create(tty).id();
        t.service.resize(id, 40, 120);
        t.service.start(id);
        assertEquals(List.of("launch " + id, "resizeBeforeStart " + id + " 40x120"), t.monitor.calls);

        t.service.resize(id, 50, 132);
        assertEquals("resize " + id + " 50x132", t.monitor.calls.getLast(), "running: straight to the monitor");
    }

    @Test
    void aSizeForAContainerWithoutTerminalIsDropped() throws Exception {
        String id = t.create("web");
        t.service.resize(id, 40, 120);
        t.service.start(id);
        assertEquals(List.of("launch " + id), t.monitor.calls);
    }

    @Test
    void aContainerBeingRemovedCannotBeAttached() throws Exception {
        String id = t.create("web");
        t.records.update(t.record(id).withState(dev.hako.metadata.ContainerRecord.State.REMOVING));
        HakoException e = assertThrows(HakoException.class, () -> t.service.attach(id));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals("container web is being removed", e.getMessage());
    }
}
