package dev.hako.cgroups;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * cgroup v2: one directory per cgroup. A controller's files appear only where the parent enables
 * it in cgroup.subtree_control, so a missing file means "controller not enabled", not an error.
 */
final class V2Stats implements StatsReader {
    private final Path unified;
    private final long hostMemory;

    V2Stats(Path unified, long hostMemory) {
        this.unified = unified;
        this.hostMemory = hostMemory;
    }

    @Override
    public CgroupStats read(CgroupPath path) {
        Path dir = path.under(unified);
        return new CgroupStats(cpu(dir), memory(dir), pids(dir));
    }

    private static Optional<CpuStats> cpu(Path dir) {
        // cpu.stat's usage fields are there even without the cpu controller; throttling needs it.
        Map<String, Long> stat = CgroupFiles.readKeyed(dir.resolve("cpu.stat"));
        Long usage = stat.get("usage_usec");
        if (usage == null) {
            return Optional.empty();
        }
        OptionalLong quota = OptionalLong.empty();
        OptionalLong period = OptionalLong.empty();
        Optional<String> max = CgroupFiles.read(dir.resolve("cpu.max"));
        if (max.isPresent()) {
            // "QUOTA PERIOD" or "max PERIOD"
            String[] f = max.get().strip().split("\\s+");
            Path file = dir.resolve("cpu.max");
            quota = f[0].equals("max") ? OptionalLong.empty() : OptionalLong.of(CgroupFiles.parseLong(file, f[0]));
            period = f.length > 1 ? OptionalLong.of(CgroupFiles.parseLong(file, f[1])) : OptionalLong.empty();
        }
        OptionalLong weight = CgroupFiles.readLong(dir.resolve("cpu.weight"));
        CpuStats.Throttling throttling = new CpuStats.Throttling(stat.getOrDefault("nr_periods", 0L),
                stat.getOrDefault("nr_throttled", 0L), stat.getOrDefault("throttled_usec", 0L) * 1000);
        return Optional.of(new CpuStats(usage * 1000, stat.getOrDefault("user_usec", 0L) * 1000,
                stat.getOrDefault("system_usec", 0L) * 1000, quota, period, OptionalLong.empty(), weight, throttling));
    }

    private Optional<MemoryStats> memory(Path dir) {
        OptionalLong current = CgroupFiles.readLong(dir.resolve("memory.current"));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> stat = CgroupFiles.readKeyed(dir.resolve("memory.stat"));
        OptionalLong limit = CgroupFiles.readLimit(dir.resolve("memory.max")).orElse(OptionalLong.empty());
        Long oom = CgroupFiles.readKeyed(dir.resolve("memory.events")).get("oom_kill");
        return Optional.of(StatsReader.memory(current.getAsLong(), stat.getOrDefault("inactive_file", 0L),
                stat.getOrDefault("anon", 0L), stat.getOrDefault("pgfault", 0L), stat.getOrDefault("pgmajfault", 0L),
                limit, hostMemory, oom == null ? OptionalLong.empty() : OptionalLong.of(oom)));
    }

    private static Optional<PidsStats> pids(Path dir) {
        OptionalLong current = CgroupFiles.readLong(dir.resolve("pids.current"));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PidsStats(current.getAsLong(),
                CgroupFiles.readLimit(dir.resolve("pids.max")).orElse(OptionalLong.empty())));
    }
}
