package dev.hako.containers;

import dev.hako.cgroups.CgroupStats;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.CriLog;
import dev.hako.monitor.CriLogFollower;
import dev.hako.monitor.LogEntry;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.snapshots.LayerStack;
import dev.hako.snapshots.Snapshotter;
import dev.hako.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** What can be read about a container without changing it: its log, processes, counters, spec and writable layer. */
final class ContainerReader {
    private final ContainerStore store;
    private final RuntimeHandlers runtimes;
    private final Snapshotter snapshots;
    private final ContainerCgroups cgroups;
    private final ContainerPaths paths;

    ContainerReader(ContainerStore store, RuntimeHandlers runtimes, Snapshotter snapshots, ContainerCgroups cgroups,
                    ContainerPaths paths) {
        this.store = store;
        this.runtimes = runtimes;
        this.snapshots = snapshots;
        this.cgroups = cgroups;
        this.paths = paths;
    }

    void logs(String ref, boolean follow, int tail, Consumer<LogEntry> sink) throws IOException {
        ContainerRecord r = store.resolve(ref);
        Path log = paths.log(r.id(), store.options(r));
        if (!follow) {
            List<LogEntry> entries = tail < 0 ? CriLog.read(log) : CriLog.tail(log, tail);
            entries.forEach(sink);
            return;
        }
        try (CriLogFollower follower = new CriLogFollower(log)) {
            follower.follow(tail, () -> store.isStopped(r.id()), sink);
        }
    }

    ProcessTable.Table top(String ref, List<String> psArgs) throws IOException {
        ContainerRecord r = store.resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("container %s is not running", ref);
        }
        return ProcessTable.of(new HashSet<>(runtimes.get(r.runtime()).processes(r.id())), psArgs);
    }

    CgroupStats cgroupStats(String ref) {
        ContainerRecord r = store.resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            return ContainerCgroups.none();
        }
        // It may exit between the look-up and the read: then nothing is running to count.
        return cgroups.statsOrNone(r.id(), store.options(r));
    }

    /** The writable directory of the container's snapshot; empty when it has none. */
    Optional<Path> writableLayer(String id) throws IOException {
        String key = ContainerService.SNAPSHOT_PREFIX + id;
        if (snapshots.stat(key).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(LayerStack.of(snapshots.mounts(key)).upper());
    }

    String command(String id) throws IOException {
        Path config = paths.configJson(id);
        if (!Files.exists(config)) {
            return "";
        }
        return String.join(" ", Spec.fromJson(Files.readAllBytes(config)).process.args);
    }

    String runtimeSpec(String id) throws IOException {
        Path config = paths.configJson(id);
        return Files.exists(config) ? Files.readString(config) : "";
    }
}
