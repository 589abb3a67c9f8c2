package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.Monitor;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.snapshots.Snapshotter;
import dev.hako.sys.FileTrees;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * {@code remove}, as containerd's container_remove: the row is marked removing, everything the
 * container holds is freed, then the row goes. A crash in between is finished at start
 * ({@link ContainerRecovery} calls {@link #release} again).
 */
final class ContainerRemover {
    private static final Logger LOG = System.getLogger("hakod.containers");

    private final ContainerStore store;
    private final ContainerLocks locks;
    private final ContainerStopper stopper;
    private final RuntimeHandlers runtimes;
    private final Monitor monitor;
    private final RootfsMounter mounter;
    private final Snapshotter snapshots;
    private final ContainerCgroups cgroups;
    private final ContainerPaths paths;
    private final ContainerEvents events;
    private final AttachRegistry attachments;

    ContainerRemover(ContainerStore store, ContainerLocks locks, ContainerStopper stopper, RuntimeHandlers runtimes,
                     Monitor monitor, RootfsMounter mounter, Snapshotter snapshots, ContainerCgroups cgroups,
                     ContainerPaths paths, ContainerEvents events, AttachRegistry attachments) {
        this.store = store;
        this.locks = locks;
        this.stopper = stopper;
        this.runtimes = runtimes;
        this.monitor = monitor;
        this.mounter = mounter;
        this.snapshots = snapshots;
        this.cgroups = cgroups;
        this.paths = paths;
        this.events = events;
        this.attachments = attachments;
    }

    /** Removes the container; a running one only with {@code force} (it is killed first). */
    String remove(String ref, boolean force) throws IOException {
        ContainerRecord r = store.resolve(ref);
        if (r.state() == ContainerRecord.State.RUNNING) {
            if (!force) {
                throw HakoException.precondition("cannot remove container \"/%s\": container is running: "
                        + "stop the container before removing or force remove", r.name());
            }
            stopper.stop(r.id(), 0);
        }
        try (var held = locks.hold(r.id())) {
            ContainerRecord current = store.find(r.id()).orElse(null);
            if (current == null) {
                return r.id(); // removed meanwhile (auto-remove)
            }
            if (current.state() == ContainerRecord.State.RUNNING) {
                throw HakoException.precondition("container %s started again while being removed", r.name());
            }
            store.update(current.withState(ContainerRecord.State.REMOVING));
            release(current);
            store.delete(current.id());
            attachments.failWaiting(current.id(), HakoException.notFound("container %s was removed", current.name()));
            LOG.log(Level.INFO, "removed container {0}", current.id());
            events.publish(current.id(), store.options(current), ContainerEvent.Kind.DELETED);
            return current.id();
        } finally {
            locks.forget(r.id());
        }
    }

    /** Frees everything a container holds, in an order a crash can resume: runtime, monitor, mount, snapshot, cgroup, files. */
    void release(ContainerRecord r) throws IOException {
        String id = r.id();
        runtimes.find(r.runtime()).ifPresent(h -> {
            try {
                h.delete(id, true);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "runtime delete of {0}: {1}", id, e.getMessage());
            }
        });
        try {
            monitor.kill(paths.monitor(id));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "killing the monitor of {0}: {1}", id, e.getMessage());
        }
        mounter.unmount(paths.rootfs(id));
        String snapshotKey = ContainerService.SNAPSHOT_PREFIX + id;
        if (snapshots.stat(snapshotKey).isPresent()) {
            snapshots.remove(snapshotKey);
        }
        cgroups.remove(id, store.options(r));
        monitor.forgetExit(paths.monitor(id));
        FileTrees.deleteRecursively(paths.bundle(id));
        FileTrees.deleteRecursively(paths.logDir(id));
    }
}
