package dev.hako.cgroups;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** cgroup v1: each controller's files live in its own hierarchy. */
final class V1Stats implements StatsReader {
    /**
     * No limit reads as PAGE_COUNTER_MAX pages, i.e. Long.MAX_VALUE rounded down to the page size;
     * anything within 1 MiB of Long.MAX_VALUE covers every page size Linux has.
     */
    static final long NO_MEMORY_LIMIT_FROM = Long.MAX_VALUE - (1L << 20);
    /** USER_HZ: cpuacct.stat counts in these ticks, and Linux fixes it at 100 for user space. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Map<String, Path> mounts;
    private final long hostMemory;

    V1Stats(Map<String, Path> mounts, long hostMemory) {
        this.mounts = mounts;
        this.hostMemory = hostMemory;
    }

    @Override
    public CgroupStats read(CgroupPath path) {
        return new CgroupStats(cpu(path), memory(path), pids(path));
    }

    private Optional<Path> dir(String controller, CgroupPath path) {
        return Optional.ofNullable(mounts.get(controller)).map(path::under);
    }

    private Optional<CpuStats> cpu(CgroupPath path) {
        Optional<Path> acct = dir("cpuacct", path);
        OptionalLong usage = acct.map(d -> CgroupFiles.readLong(d.resolve("cpuacct.usage"))).orElse(OptionalLong.empty());
        if (usage.isEmpty()) {
            return Optional.empty();
        }
        Path a = acct.get();
        long user;
        long system;
        OptionalLong userNs = CgroupFiles.readLong(a.resolve("cpuacct.usage_user"));
        if (userNs.isPresent()) {
            user = userNs.getAsLong();
            system = CgroupFiles.readLong(a.resolve("cpuacct.usage_sys")).orElse(0);
        } else {
            // Kernels before 4.6 have only the tick counts.
            Map<String, Long> ticks = CgroupFiles.readKeyed(a.resolve("cpuacct.stat"));
            user = ticks.getOrDefault("user", 0L) * NANOS_PER_TICK;
            system = ticks.getOrDefault("system", 0L) * NANOS_PER_TICK;
        }
        OptionalLong quota = OptionalLong.empty();
        OptionalLong period = OptionalLong.empty();
        OptionalLong shares = OptionalLong.empty();
        CpuStats.Throttling throttling = CpuStats.Throttling.NONE;
        Optional<Path> cpu = dir("cpu", path);
        if (cpu.isPresent()) {
            Path c = cpu.get();
            OptionalLong q = CgroupFiles.readLong(c.resolve("cpu.cfs_quota_us"));
            quota = q.isPresent() && q.getAsLong() >= 0 ? q : OptionalLong.empty(); // -1: no quota
            period = CgroupFiles.readLong(c.resolve("cpu.cfs_period_us"));
            shares = CgroupFiles.readLong(c.resolve("cpu.shares"));
            Map<String, Long> stat = CgroupFiles.readKeyed(c.resolve("cpu.stat"));
            throttling = new CpuStats.Throttling(stat.getOrDefault("nr_periods", 0L),
                    stat.getOrDefault("nr_throttled", 0L), stat.getOrDefault("throttled_time", 0L));
        }
        return Optional.of(new CpuStats(usage.getAsLong(), user, system, quota, period, shares, OptionalLong.empty(), throttling));
    }

    private Optional<MemoryStats> memory(CgroupPath path) {
        Optional<Path> dir = dir("memory", path);
        OptionalLong usage = dir.map(d -> CgroupFiles.readLong(d.resolve("memory.usage_in_bytes"))).orElse(OptionalLong.empty());
        if (usage.isEmpty()) {
            return Optional.empty();
        }
        Path d = dir.get();
        // The total_ counters include child cgroups, as memory.usage_in_bytes does.
        Map<String, Long> stat = CgroupFiles.readKeyed(d.resolve("memory.stat"));
        OptionalLong raw = CgroupFiles.readLong(d.resolve("memory.limit_in_bytes"));
        OptionalLong limit = raw.isPresent() && raw.getAsLong() < NO_MEMORY_LIMIT_FROM ? raw : OptionalLong.empty();
        Long oom = CgroupFiles.readKeyed(d.resolve("memory.oom_control")).get("oom_kill"); // since 4.13
        return Optional.of(StatsReader.memory(usage.getAsLong(), stat.getOrDefault("total_inactive_file", 0L),
                stat.getOrDefault("total_rss", 0L), stat.getOrDefault("total_pgfault", 0L),
                stat.getOrDefault("total_pgmajfault", 0L), limit, hostMemory,
                oom == null ? OptionalLong.empty() : OptionalLong.of(oom)));
    }

    private Optional<PidsStats> pids(CgroupPath path) {
        Optional<Path> dir = dir("pids", path);
        OptionalLong current = dir.map(d -> CgroupFiles.readLong(d.resolve("pids.current"))).orElse(OptionalLong.empty());
        if (current.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong limit = CgroupFiles.readLimit(dir.get().resolve("pids.max")).orElse(OptionalLong.empty());
        return Optional.of(new PidsStats(current.getAsLong(), limit));
    }
}
