package dev.hako.containers;

import dev.hako.metadata.ContainerRecord;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Waits on a container's exit or removal that are in place when {@link #waitFor} returns, so a
 * client may learn that before it starts the container and miss nothing (docker's CLI waits, then
 * starts). A failed start fails the wait.
 */
final class ContainerWaits {
    private final ContainerStore store;
    private final ContainerLocks locks;
    private final ExitMonitor exits;
    private final ContainerEvents events;

    ContainerWaits(ContainerStore store, ContainerLocks locks, ExitMonitor exits, ContainerEvents events) {
        this.store = store;
        this.locks = locks;
        this.exits = exits;
        this.events = events;
    }

    CompletableFuture<ContainerExitStatus> waitFor(String ref, WaitCondition condition) {
        String id = store.resolve(ref).id();
        CompletableFuture<Void> removed = new CompletableFuture<>();
        Consumer<ContainerEvent> listener = e -> {
            if (e.containerId().equals(id) && e.kind() == ContainerEvent.Kind.DELETED) {
                removed.complete(null);
            }
        };
        if (condition == WaitCondition.REMOVED) {
            events.subscribe(listener); // before the state is read: a removal right after it is not missed
        }
        try (var held = locks.hold(id)) {
            ContainerRecord r = store.require(id);
            ContainerExitStatus last = new ContainerExitStatus(r.exitCode(), r.oomKilled());
            boolean running = r.state() == ContainerRecord.State.RUNNING;
            return switch (condition) {
                case NOT_RUNNING -> running ? exits.next(id) : CompletableFuture.completedFuture(last);
                case NEXT_EXIT -> exits.next(id);
                case REMOVED -> {
                    CompletableFuture<ContainerExitStatus> exit = running || r.state() == ContainerRecord.State.CREATED
                            ? exits.next(id) : CompletableFuture.completedFuture(last);
                    yield removed.thenCompose(v -> exit.isDone() ? exit : CompletableFuture.completedFuture(last))
                            .whenComplete((s, t) -> events.unsubscribe(listener));
                }
            };
        } catch (RuntimeException e) {
            events.unsubscribe(listener);
            throw e;
        }
    }
}
