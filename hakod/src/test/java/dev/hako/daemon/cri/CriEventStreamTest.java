package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.containers.ContainerEvent;
import dev.hako.cri.v1.ContainerEventResponse;
import dev.hako.errdefs.HakoException;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** GetContainerEvents' stream: in order, at the client's pace, and a client that stops reading is dropped. */
class CriEventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration BRIEFLY = Duration.ofMillis(200);

    /** The container service's side: listeners called on the publisher's thread. */
    private static final class FakeSource implements CriEventStream.Source {
        final List<Consumer<ContainerEvent>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public void subscribe(Consumer<ContainerEvent> listener) {
            listeners.add(listener);
        }

        @Override
        public void unsubscribe(Consumer<ContainerEvent> listener) {
            listeners.remove(listener);
        }

        void publish(String containerId, String podId) {
            ContainerEvent event = new ContainerEvent(containerId, podId, ContainerEvent.Kind.STARTED, 1);
            listeners.forEach(l -> l.accept(event));
        }
    }

    private final FakeSource source = new FakeSource();

    /** As CriEvents: containers outside a pod are not the kubelet's. */
    private CriEventStream stream(int capacity) {
        return new CriEventStream(source, e -> e.podId().isEmpty() ? null
                : ContainerEventResponse.newBuilder().setContainerId(e.containerId()).build(), capacity);
    }

    @Test
    void aReadingClientGetsThePodsEventsInOrder() throws Exception {
        FakeServerCall<ContainerEventResponse> call = new FakeServerCall<>(true);
        stream(10).follow(call);
        source.publish("c1", "pod");
        source.publish("cli", "");
        source.publish("c2", "pod");
        assertEquals("c1", call.next(WAIT).getContainerId());
        assertEquals("c2", call.next(WAIT).getContainerId());
        assertNull(call.next(BRIEFLY));
        assertNull(call.errorStatus(BRIEFLY));
        assertEquals(1, source.listeners.size());
    }

    @Test
    void aClientThatStopsReadingIsDroppedInsteadOfBuffered() throws Exception {
        FakeServerCall<ContainerEventResponse> call = new FakeServerCall<>(false);
        stream(3).follow(call);
        // Up to the capacity waits for the client (the sender may also hold one in hand).
        for (int i = 0; i < 3; i++) {
            source.publish("c" + i, "pod");
        }
        assertEquals(1, source.listeners.size(), "not dropped while within its capacity");
        assertNull(call.errorStatus(BRIEFLY));
        // Beyond it: unsubscribed and told, with nothing sent meanwhile.
        source.publish("c3", "pod");
        source.publish("c4", "pod");
        Status status = call.errorStatus(WAIT);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), String.valueOf(status));
        assertTrue(status.getDescription().contains("fell 3 container events behind"), status.getDescription());
        assertEquals(0, source.listeners.size(), "a dropped client no longer follows the events");
        assertEquals(List.of(), call.receivedSoFar());
    }

    @Test
    void aSlowClientThatCatchesUpGetsEverything() throws Exception {
        FakeServerCall<ContainerEventResponse> call = new FakeServerCall<>(false);
        stream(3).follow(call);
        source.publish("c1", "pod");
        source.publish("c2", "pod");
        source.publish("c3", "pod");
        assertNull(call.next(BRIEFLY), "nothing is sent while the client does not read");
        call.setReady(true);
        assertEquals("c1", call.next(WAIT).getContainerId());
        assertEquals("c2", call.next(WAIT).getContainerId());
        assertEquals("c3", call.next(WAIT).getContainerId());
        assertNull(call.errorStatus(BRIEFLY));
        assertEquals(1, source.listeners.size());
    }

    @Test
    void aClientThatGoesIsUnsubscribedAndNotAnswered() throws Exception {
        FakeServerCall<ContainerEventResponse> call = new FakeServerCall<>(true);
        stream(10).follow(call);
        call.cancel();
        assertEquals(0, source.listeners.size());
        source.publish("c1", "pod");
        assertNull(call.errorStatus(BRIEFLY));
        assertEquals(List.of(), call.receivedSoFar());
    }

    @Test
    void aMessageThatCannotBeMadeEndsTheCallWithItsError() throws Exception {
        FakeServerCall<ContainerEventResponse> call = new FakeServerCall<>(true);
        new CriEventStream(source, e -> {
            throw HakoException.notFound("pod %s not found", e.podId());
        }, 10).follow(call);
        source.publish("c1", "gone");
        Status status = call.errorStatus(WAIT);
        assertEquals(Status.Code.NOT_FOUND, status.getCode(), String.valueOf(status));
        assertEquals(0, source.listeners.size());
    }
}
