package dev.hako.daemon.cri;

import dev.hako.containers.ContainerEvent;
import dev.hako.containers.ContainerService;
import dev.hako.cri.v1.ContainerEventResponse;
import dev.hako.daemon.api.GrpcErrors;
import dev.hako.images.ImageService;
import dev.hako.pods.PodService;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * GetContainerEvents. Each client follows the container service's events through a queue of its
 * own, bounded, and is sent them only as fast as it reads (gRPC's readiness), so hakod holds at most
 * {@code capacity} events and one message for it. A client that falls that far behind is dropped
 * (a log line, and RESOURCE_EXHAUSTED; the kubelet calls again and relists, as after any error)
 * rather than growing hakod's memory without end.
 */
final class CriEventStream {
    private static final Logger LOG = System.getLogger("hakod.cri");
    /** Events a client may fall behind by: the size of containerd's container events channel. */
    static final int CAPACITY = 1000;

    /** Where events come from: the container service. Listeners are called on the publisher's thread. */
    interface Source {
        void subscribe(Consumer<ContainerEvent> listener);

        void unsubscribe(Consumer<ContainerEvent> listener);
    }

    private final Source source;
    private final Function<ContainerEvent, ContainerEventResponse> messages;
    private final int capacity;

    /** @param messages an event as the client gets it; null for one it does not get */
    CriEventStream(Source source, Function<ContainerEvent, ContainerEventResponse> messages, int capacity) {
        this.source = source;
        this.messages = messages;
        this.capacity = capacity;
    }

    /** The events of the containers in pods, each with its pod's status and its containers' ({@link CriEvents}). */
    static CriEventStream of(ContainerService containers, PodService pods, ImageService images) {
        Source source = new Source() {
            @Override
            public void subscribe(Consumer<ContainerEvent> listener) {
                containers.subscribe(listener);
            }

            @Override
            public void unsubscribe(Consumer<ContainerEvent> listener) {
                containers.unsubscribe(listener);
            }
        };
        return new CriEventStream(source, event -> CriEvents.response(event, pods, images), CAPACITY);
    }

    /** Serves one GetContainerEvents call until its client goes, falls behind, or a message fails. */
    void follow(StreamObserver<ContainerEventResponse> observer) {
        var call = (ServerCallStreamObserver<ContainerEventResponse>) observer;
        Subscriber subscriber = new Subscriber(call);
        // Both handlers must be set before this call returns (gRPC's rule).
        call.setOnReadyHandler(subscriber.writable::release);
        call.setOnCancelHandler(() -> subscriber.end(End.CANCELLED));
        subscriber.start();
    }

    private enum End { OPEN, CANCELLED, DROPPED, FAILED }

    private final class Subscriber {
        private final ServerCallStreamObserver<ContainerEventResponse> call;
        private final BlockingQueue<ContainerEvent> queue = new ArrayBlockingQueue<>(capacity);
        /** Released by gRPC when the call can take a message again. */
        final Semaphore writable = new Semaphore(0);
        private final AtomicReference<End> end = new AtomicReference<>(End.OPEN);
        private final Consumer<ContainerEvent> listener = this::offer;
        private volatile Thread sender;

        Subscriber(ServerCallStreamObserver<ContainerEventResponse> call) {
            this.call = call;
        }

        void start() {
            sender = Thread.ofVirtual().name("cri-events").unstarted(this::send);
            source.subscribe(listener);
            sender.start();
            if (end.get() != End.OPEN) {
                source.unsubscribe(listener); // it ended before it began
            }
        }

        /** On the publisher's thread, under its locks: never blocks. */
        private void offer(ContainerEvent event) {
            if (!queue.offer(event) && end(End.DROPPED)) {
                LOG.log(Level.WARNING, "dropped a container events client that fell {0} events behind", capacity);
            }
        }

        /** Ends the subscription once, for the first reason given; true for that first one. */
        boolean end(End why) {
            if (!end.compareAndSet(End.OPEN, why)) {
                return false;
            }
            source.unsubscribe(listener);
            Thread s = sender;
            if (s != null && s != Thread.currentThread()) {
                s.interrupt();
            }
            return true;
        }

        private void send() {
            try {
                while (end.get() == End.OPEN) {
                    ContainerEventResponse message = messages.apply(queue.take());
                    if (message == null) {
                        continue;
                    }
                    while (!call.isReady()) {
                        writable.acquire(); // a permit left from before only makes it look again
                    }
                    call.onNext(message);
                }
            } catch (InterruptedException e) {
                // Ended: the client went, or fell behind.
            } catch (RuntimeException e) {
                if (end(End.FAILED)) {
                    LOG.log(Level.WARNING, "container events stream ended: {0}", e.toString());
                    call.onError(GrpcErrors.toStatus(e));
                    return;
                }
            }
            if (end.get() == End.DROPPED) {
                call.onError(Status.RESOURCE_EXHAUSTED.withDescription("the client fell " + capacity
                        + " container events behind; call again").asRuntimeException());
            }
        }
    }
}
