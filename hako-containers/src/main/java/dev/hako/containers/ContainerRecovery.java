package dev.hako.containers;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.ContainerExit;
import dev.hako.monitor.Monitor;
import dev.hako.runtime.ContainerState;
import dev.hako.runtime.RuntimeHandler;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.snapshots.Snapshot;
import dev.hako.snapshots.Snapshotter;
import dev.hako.sys.FileTrees;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Start-up reconciliation: the database says what containers exist and what they were doing; the
 * runtime, conmon's exit files and the file system say what is true now. Running containers whose
 * conmon outlived the old hakod are kept; those that exited meanwhile get their real exit code and
 * time; removals cut short are finished; what belongs to no container is removed.
 */
final class ContainerRecovery {
    private static final Logger LOG = System.getLogger("hakod.containers");

    private final ContainerStore store;
    private final ExitMonitor exits;
    private final ContainerRemover remover;
    private final RuntimeHandlers runtimes;
    private final Monitor monitor;
    private final RootfsMounter mounter;
    private final Snapshotter snapshots;
    private final ContainerPaths paths;

    ContainerRecovery(ContainerStore store, ExitMonitor exits, ContainerRemover remover, RuntimeHandlers runtimes,
                      Monitor monitor, RootfsMounter mounter, Snapshotter snapshots, ContainerPaths paths) {
        this.store = store;
        this.exits = exits;
        this.remover = remover;
        this.runtimes = runtimes;
        this.monitor = monitor;
        this.mounter = mounter;
        this.snapshots = snapshots;
        this.paths = paths;
    }

    List<String> run() throws IOException {
        List<String> notes = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (ContainerRecord r : store.records()) {
            known.add(r.id());
            try {
                reconcile(r, notes);
            } catch (IOException | RuntimeException e) {
                notes.add("container " + r.id() + ": " + e.getMessage());
                LOG.log(Level.WARNING, "reconciling " + r.id() + ": " + e.getMessage(), e);
            }
        }
        removeStrays(known, notes);
        return notes;
    }

    private void reconcile(ContainerRecord r, List<String> notes) throws IOException {
        switch (r.state()) {
            case REMOVING -> {
                remover.release(r);
                store.delete(r.id());
                notes.add("finished removing container " + r.id());
            }
            case RUNNING -> reconcileRunning(r, notes);
            case CREATED, EXITED -> {
                // No process should exist; a runtime container left by a crash in start goes.
                Optional<RuntimeHandler> handler = runtimes.find(r.runtime());
                if (handler.isPresent()) {
                    handler.get().delete(r.id(), true);
                }
            }
        }
    }

    private void reconcileRunning(ContainerRecord r, List<String> notes) throws IOException {
        Optional<ContainerExit> exit = monitor.exit(paths.monitor(r.id()));
        if (exit.isPresent()) {
            exits.record(r, exit.get().exitCode(), exit.get().at(), "");
            notes.add("container " + r.id() + " exited with " + exit.get().exitCode() + " while hakod was down");
            return;
        }
        RuntimeHandler handler = runtimes.get(r.runtime());
        ContainerState state;
        try {
            state = handler.state(r.id());
        } catch (HakoException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
            state = null;
        }
        boolean monitorAlive = monitor.running(paths.monitor(r.id())).isPresent();
        if (state != null && state.running() && monitorAlive) {
            return; // still running, still monitored: nothing to do
        }
        if (monitorAlive) {
            return; // the monitor is writing the exit file right now; the watcher records it
        }
        // Neither a monitor nor an exit file: the exit code is lost (e.g. conmon was killed too).
        exits.record(r, 255, Instant.now(), "the container's monitor died without recording an exit code");
        notes.add("container " + r.id() + " lost its monitor; marked exited (255)");
    }

    /** Bundles, snapshots, logs and runtime containers of no known container are leftovers of a crash in create. */
    private void removeStrays(Set<String> known, List<String> notes) throws IOException {
        for (Path dir : children(paths.stateRoot())) {
            String name = dir.getFileName().toString();
            if (name.matches("[a-f0-9]{64}") && !known.contains(name)) {
                mounter.unmount(dir.resolve("rootfs"));
                FileTrees.deleteRecursively(dir);
                notes.add("removed stray bundle " + name);
            }
        }
        for (Path dir : children(paths.persistentRoot())) {
            String name = dir.getFileName().toString();
            if (name.matches("[a-f0-9]{64}") && !known.contains(name)) {
                FileTrees.deleteRecursively(dir);
            }
        }
        for (Snapshot s : snapshots.list()) {
            if (s.key().startsWith(ContainerService.SNAPSHOT_PREFIX)
                    && !known.contains(s.key().substring(ContainerService.SNAPSHOT_PREFIX.length()))) {
                snapshots.remove(s.key());
                notes.add("removed stray snapshot " + s.key());
            }
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
