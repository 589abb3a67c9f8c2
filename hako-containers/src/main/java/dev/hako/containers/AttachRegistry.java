package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.AttachSession;
import dev.hako.monitor.Monitor;
import dev.hako.monitor.MonitoredContainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections to containers' stdio. A client may attach before the container starts (so
 * {@code hako run} misses no output): it waits here and is connected at the start, between the
 * runtime's create and start. A terminal size given before the start waits here likewise.
 */
final class AttachRegistry {
    private final ContainerStore store;
    private final ContainerLocks locks;
    private final ExitMonitor exits;
    private final Monitor monitor;
    private final ContainerPaths paths;
    private final Map<String, List<CompletableFuture<AttachSession>>> pending = new ConcurrentHashMap<>();
    private final Map<String, WindowSize> initialSizes = new ConcurrentHashMap<>();

    AttachRegistry(ContainerStore store, ContainerLocks locks, ExitMonitor exits, Monitor monitor, ContainerPaths paths) {
        this.store = store;
        this.locks = locks;
        this.exits = exits;
        this.monitor = monitor;
        this.paths = paths;
    }

    ContainerService.Attachment attach(String id) throws IOException {
        try (var held = locks.hold(id)) {
            ContainerRecord r = store.require(id);
            CompletableFuture<AttachSession> session = new CompletableFuture<>();
            // Taken now, so the exit reaches this client even if the container is auto-removed first.
            CompletableFuture<ContainerExitStatus> exit = exits.next(id);
            switch (r.state()) {
                case RUNNING -> session.complete(monitor.attach(paths.monitor(id)));
                case CREATED, EXITED -> pending.computeIfAbsent(id, k -> new ArrayList<>()).add(session);
                case REMOVING -> throw HakoException.precondition("container %s is being removed", r.name());
            }
            return new ContainerService.Attachment(id, session, exit);
        }
    }

    /** Gives up an attachment that was waiting for a start. */
    void detach(ContainerService.Attachment a) {
        List<CompletableFuture<AttachSession>> waiting = pending.get(a.id());
        if (waiting != null) {
            synchronized (waiting) {
                waiting.remove(a.session());
            }
        }
        a.session().thenAccept(AttachSession::close);
    }

    /** Resizes the container's terminal now if it runs, else when it starts. */
    void resize(String id, int rows, int columns) throws IOException {
        try (var held = locks.hold(id)) {
            ContainerRecord r = store.require(id);
            if (r.state() == ContainerRecord.State.RUNNING) {
                monitor.resize(paths.monitor(id), rows, columns);
            } else {
                initialSizes.put(id, new WindowSize(rows, columns));
            }
        }
    }

    /** The container was launched: the clients waiting for it are connected. */
    void connectWaiting(String id) {
        List<CompletableFuture<AttachSession>> waiting = pending.remove(id);
        if (waiting == null) {
            return;
        }
        synchronized (waiting) {
            for (CompletableFuture<AttachSession> f : waiting) {
                try {
                    f.complete(monitor.attach(paths.monitor(id)));
                } catch (IOException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            }
        }
    }

    /** The container did not start, or was removed: the clients waiting for it hear why. */
    void failWaiting(String id, Throwable why) {
        List<CompletableFuture<AttachSession>> waiting = pending.remove(id);
        if (waiting != null) {
            synchronized (waiting) {
                waiting.forEach(f -> f.completeExceptionally(why));
            }
        }
    }

    /** Gives a launched terminal container the size asked for before its start (the size is used once). */
    void applyInitialSize(MonitoredContainer launched, boolean tty) throws IOException {
        WindowSize size = initialSizes.remove(launched.id());
        if (size != null && tty) {
            monitor.resizeBeforeStart(launched, size.rows(), size.columns());
        }
    }
}
