package dev.hako.cgroups;

import java.util.OptionalLong;

/** Reads a cgroup's counters in one cgroup version's files. */
interface StatsReader {
    /**
     * The counters of {@code path}; a group is empty where its files are missing. Whether the
     * cgroup exists at all is the caller's check, before and after.
     */
    CgroupStats read(CgroupPath path);

    /** docker's "MEM USAGE": the raw usage minus inactive page cache, unless that would go below zero. */
    static long usageWithoutCache(long rawUsage, long inactiveFile) {
        return inactiveFile < rawUsage ? rawUsage - inactiveFile : rawUsage;
    }

    /**
     * Builds the memory group. docker reports a limit above the host's memory (no limit is a huge
     * number in v1, "max" in v2) as the host's memory, which is what the container can really use.
     *
     * @param hostMemory the host's total memory; 0 when unknown, and then nothing is clamped
     */
    static MemoryStats memory(long rawUsage, long inactiveFile, long rss, long faults, long majorFaults,
                              OptionalLong limit, long hostMemory, OptionalLong oomKills) {
        long usage = usageWithoutCache(rawUsage, inactiveFile);
        long ceiling = hostMemory > 0 ? hostMemory : Long.MAX_VALUE;
        boolean limited = limit.isPresent() && limit.getAsLong() < ceiling;
        long effective = limited ? limit.getAsLong() : ceiling;
        return new MemoryStats(usage, rawUsage, rss, faults, majorFaults, effective, limited, oomKills);
    }
}
