package dev.hako.containers;

import dev.hako.cgroups.CgroupStats;
import dev.hako.cgroups.Cgroups;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import java.time.Duration;

/**
 * {@code hako stats}: two readings of the container's cgroup a short while apart give its CPU
 * use as docker computes it (CPU time used over wall time, 100% being one CPU busy).
 */
final class StatsReader {
    private static final Duration WINDOW = Duration.ofMillis(500);

    private final ContainerStore store;
    private final ContainerCgroups cgroups;

    StatsReader(ContainerStore store, ContainerCgroups cgroups) {
        this.store = store;
        this.cgroups = cgroups;
    }

    ContainerStats read(String ref) {
        ContainerRecord r = store.resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            return new ContainerStats(r.id(), r.name(), 0, 0, 0, 0, 0, 0, Runtime.getRuntime().availableProcessors());
        }
        String path = cgroups.path(r.id(), store.options(r));
        CgroupStats first = readOrStopped(cgroups.cgroups(), path, ref);
        long firstAt = System.nanoTime();
        try {
            Thread.sleep(WINDOW);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CgroupStats second = readOrStopped(cgroups.cgroups(), path, ref);
        long wall = System.nanoTime() - firstAt;
        long before = first.cpu().map(c -> c.usageNanos()).orElse(0L);
        long after = second.cpu().map(c -> c.usageNanos()).orElse(0L);
        double cpuPercent = wall > 0 ? Math.max(0, after - before) * 100.0 / wall : 0;
        long memory = second.memory().map(m -> m.usageBytes()).orElse(0L);
        long memoryLimit = second.memory().map(m -> m.limitBytes()).orElse(0L);
        long pids = second.pids().map(p -> p.current()).orElse(0L);
        long pidsLimit = second.pids().flatMap(p -> p.limit().isPresent()
                ? java.util.Optional.of(p.limit().getAsLong()) : java.util.Optional.empty()).orElse(0L);
        return new ContainerStats(r.id(), r.name(), cpuPercent, after, memory, memoryLimit, pids, pidsLimit,
                Runtime.getRuntime().availableProcessors());
    }

    private static CgroupStats readOrStopped(Cgroups cgroups, String path, String ref) {
        try {
            return cgroups.stats(path);
        } catch (HakoException e) {
            throw HakoException.precondition("container %s is not running", ref);
        }
    }
}
