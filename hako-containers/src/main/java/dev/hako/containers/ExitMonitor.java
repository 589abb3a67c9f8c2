package dev.hako.containers;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.ContainerExit;
import dev.hako.monitor.Monitor;
import dev.hako.runtime.RuntimeHandlers;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Containers' exits, as containerd's task exit monitor: the monitor's exit files (watched with
 * inotify, {@link ExitWatcher}) are recorded under the container's lock, the runtime forgets the
 * container, the waiters hear how it ended, and a {@code --rm} container is removed.
 */
final class ExitMonitor implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hakod.containers");
    private static final String ID = "[a-f0-9]{64}";

    /** Removes an exited container that asked for it. */
    @FunctionalInterface
    interface AutoRemove {
        void remove(String id) throws IOException;
    }

    private final ContainerStore store;
    private final ContainerLocks locks;
    private final Monitor monitor;
    private final RuntimeHandlers runtimes;
    private final ContainerCgroups cgroups;
    private final ContainerPaths paths;
    private final ContainerEvents events;
    private final AutoRemove autoRemove;
    private final Map<String, CompletableFuture<ContainerExitStatus>> waiters = new ConcurrentHashMap<>();
    private ExitWatcher watcher;

    ExitMonitor(ContainerStore store, ContainerLocks locks, Monitor monitor, RuntimeHandlers runtimes,
                ContainerCgroups cgroups, ContainerPaths paths, ContainerEvents events, AutoRemove autoRemove) {
        this.store = store;
        this.locks = locks;
        this.monitor = monitor;
        this.runtimes = runtimes;
        this.cgroups = cgroups;
        this.paths = paths;
        this.events = events;
        this.autoRemove = autoRemove;
    }

    /** Starts watching the exit directory, then records the exits that happened before the watch began. */
    void watch() throws IOException {
        watcher = new ExitWatcher(paths.exitDir(), this::onExit);
        for (ContainerRecord r : store.records()) {
            if (r.state() == ContainerRecord.State.RUNNING) {
                onExit(r.id());
            }
        }
    }

    /** The future that the container's next exit completes (made now if nobody waits yet). */
    CompletableFuture<ContainerExitStatus> next(String id) {
        return waiters.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** The container will not run after all (its start failed): its waiters hear why. */
    void abandon(String id, CompletableFuture<ContainerExitStatus> waiter, Throwable why) {
        waiters.remove(id, waiter);
        waiter.completeExceptionally(why);
    }

    /** The monitor wrote an exit file (or someone looks for a missed one): record the exit and clean up. */
    void onExit(String id) {
        if (!id.matches(ID)) {
            return;
        }
        try (var held = locks.hold(id)) {
            ContainerRecord r = store.find(id).orElse(null);
            if (r == null || r.state() != ContainerRecord.State.RUNNING) {
                return;
            }
            ContainerExit exit = monitor.exit(paths.monitor(id)).orElse(null);
            if (exit == null) {
                return; // not written completely yet: the next event brings it
            }
            record(r, exit.exitCode(), exit.at(), "");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "recording the exit of " + id + ": " + e.getMessage(), e);
        }
        ContainerRecord after = store.find(id).orElse(null);
        if (after != null && after.state() == ContainerRecord.State.EXITED && store.options(after).autoRemove()) {
            Thread.ofVirtual().name("auto-remove").start(() -> {
                try {
                    autoRemove.remove(id);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "removing {0} after it exited: {1}", id, e.getMessage());
                }
            });
        }
    }

    /**
     * Records an exit; the caller holds the container's lock. The OOM check comes before the
     * runtime's delete, which removes the cgroup whose counter it reads.
     */
    void record(ContainerRecord r, int exitCode, Instant at, String error) throws IOException {
        String id = r.id();
        ContainerOptions options = store.options(r);
        boolean oom = monitor.oomKilled(paths.monitor(id)) || cgroups.oomKilled(id, options);
        runtimes.get(r.runtime()).delete(id, true);
        cgroups.remove(id, options);
        store.update(r.exited(exitCode, oom, Clock.nanos(at), error));
        monitor.forgetExit(paths.monitor(id));
        LOG.log(Level.INFO, "container {0} exited with {1}{2}", id, String.valueOf(exitCode), oom ? " (OOMKilled)" : "");
        events.publish(id, options, ContainerEvent.Kind.STOPPED);
        CompletableFuture<ContainerExitStatus> f = waiters.remove(id);
        if (f != null) {
            f.complete(new ContainerExitStatus(exitCode, oom));
        }
    }

    /** Waits until the container is not running and answers how it ended ({@code ref}: how the caller named it). */
    ContainerExitStatus await(String id, String ref) throws IOException {
        CompletableFuture<ContainerExitStatus> f;
        try (var held = locks.hold(id)) {
            ContainerRecord r = store.require(id);
            if (r.state() != ContainerRecord.State.RUNNING) {
                return new ContainerExitStatus(r.exitCode(), r.oomKilled());
            }
            f = next(id);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HakoException(ErrorKind.UNAVAILABLE, "interrupted while waiting for " + ref, e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /** True when {@code exit} came (or the container is found stopped) within {@code timeout}. */
    boolean awaitExit(String id, CompletableFuture<ContainerExitStatus> exit, Duration timeout) {
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            // The exit file may have been missed; look before giving up.
            onExit(id);
            return store.isStopped(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
