package dev.hako.containers;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.Monitor;
import dev.hako.monitor.MonitorRequest;
import dev.hako.monitor.MonitoredContainer;
import dev.hako.runtime.RuntimeHandler;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.snapshots.Snapshotter;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/**
 * {@code start}, as containerd's container_start: the monitor is launched and has the runtime
 * create the container; clients that attached before the start are connected and a terminal size
 * given before it is applied; then {@code runtime start}. A start of an exited container deletes
 * the runtime's old container first; the filesystem is kept.
 */
final class ContainerStarter {
    private static final Logger LOG = System.getLogger("hakod.containers");

    private final ContainerStore store;
    private final ContainerLocks locks;
    private final RuntimeHandlers runtimes;
    private final Monitor monitor;
    private final Snapshotter snapshots;
    private final RootfsMounter mounter;
    private final ContainerCgroups cgroups;
    private final ContainerPaths paths;
    private final ExitMonitor exits;
    private final AttachRegistry attachments;
    private final ContainerRemover remover;
    private final ContainerEvents events;

    ContainerStarter(ContainerStore store, ContainerLocks locks, RuntimeHandlers runtimes, Monitor monitor,
                     Snapshotter snapshots, RootfsMounter mounter, ContainerCgroups cgroups, ContainerPaths paths,
                     ExitMonitor exits, AttachRegistry attachments, ContainerRemover remover, ContainerEvents events) {
        this.store = store;
        this.locks = locks;
        this.runtimes = runtimes;
        this.monitor = monitor;
        this.snapshots = snapshots;
        this.mounter = mounter;
        this.cgroups = cgroups;
        this.paths = paths;
        this.exits = exits;
        this.attachments = attachments;
        this.remover = remover;
        this.events = events;
    }

    void start(String ref) throws IOException {
        String id = store.resolve(ref).id();
        try {
            startLocked(id);
        } catch (IOException | RuntimeException e) {
            removeAfterFailedStart(id, e);
            throw e;
        }
    }

    /** As docker's daemon: a container to be removed when it exits is removed when it cannot start at all. */
    private void removeAfterFailedStart(String id, Exception failure) {
        ContainerRecord r = store.find(id).orElse(null);
        if (r == null || r.state() == ContainerRecord.State.RUNNING || r.state() == ContainerRecord.State.REMOVING
                || !store.options(r).autoRemove()) {
            return;
        }
        try {
            remover.remove(id, true);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void startLocked(String id) throws IOException {
        try (var held = locks.hold(id)) {
            ContainerRecord r = store.require(id);
            switch (r.state()) {
                case RUNNING -> {
                    return; // as docker: starting a running container is not an error
                }
                case REMOVING -> throw HakoException.precondition("container %s is being removed", r.name());
                default -> { }
            }
            ContainerOptions options = store.options(r);
            RuntimeHandler handler = runtimes.get(r.runtime());
            if (r.state() == ContainerRecord.State.EXITED) {
                handler.delete(id, true);
                cgroups.remove(id, options);
            }
            if (!mounter.isMounted(paths.rootfs(id))) {
                mounter.mount(snapshots.mounts(ContainerService.SNAPSHOT_PREFIX + id), paths.rootfs(id));
            }
            monitor.forgetExit(paths.monitor(id));
            Files.createDirectories(paths.monitorDir(id));
            // An attach made before this start already waits on this container's next exit.
            CompletableFuture<ContainerExitStatus> exit = exits.next(id);
            MonitoredContainer launched;
            try {
                launched = monitor.launch(new MonitorRequest(id, r.name(), handler, paths.bundle(id), paths.monitorDir(id),
                        paths.exitDir(), paths.log(id, options), options.tty(), options.openStdin(), options.stdinOnce(), 0));
            } catch (IOException | RuntimeException e) {
                HakoException failure = startFailure(r, e);
                exits.abandon(id, exit, failure);
                attachments.failWaiting(id, failure);
                throw failure;
            }
            attachments.connectWaiting(id);
            try {
                attachments.applyInitialSize(launched, options.tty());
                handler.start(id);
            } catch (IOException | RuntimeException e) {
                HakoException failure = startFailure(r, e);
                stopLaunched(handler, id);
                exits.abandon(id, exit, failure);
                throw failure;
            }
            store.update(r.running(launched.containerPid(), launched.monitorPid(), Clock.nanosNow(),
                    r.state() == ContainerRecord.State.EXITED));
            LOG.log(Level.INFO, "started container {0} (pid {1})", id, String.valueOf(launched.containerPid()));
            events.publish(id, options, ContainerEvent.Kind.STARTED);
        }
    }

    private static HakoException startFailure(ContainerRecord r, Exception e) {
        ErrorKind kind = HakoException.kindOf(e) == ErrorKind.INTERNAL ? ErrorKind.FAILED_PRECONDITION : HakoException.kindOf(e);
        return new HakoException(kind, "failed to start container " + r.name() + ": " + e.getMessage(), e);
    }

    /** A launched container that did not start: the runtime forgets it and its monitor goes. */
    private void stopLaunched(RuntimeHandler handler, String id) {
        try {
            handler.delete(id, true);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cleaning up {0}: {1}", id, e.getMessage());
        }
        try {
            monitor.kill(paths.monitor(id));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot kill the monitor of {0}: {1}", id, e.getMessage());
        }
    }
}
