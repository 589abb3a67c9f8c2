package dev.hako.cgroups;

import java.util.OptionalLong;

/**
 * Memory used by a cgroup and its limit.
 *
 * @param usageBytes what docker stats shows as MEM USAGE and kubelet calls the working set: the
 *     raw usage minus inactive page cache (v1 total_inactive_file, v2 inactive_file), which the
 *     kernel reclaims before it would OOM-kill
 * @param rawUsageBytes the kernel's counter, page cache included (v1 memory.usage_in_bytes, v2
 *     memory.current); CRI's usage_bytes
 * @param rssBytes anonymous memory (v1 total_rss, v2 anon)
 * @param pageFaults page faults (v1 total_pgfault, v2 pgfault)
 * @param majorPageFaults major page faults (v1 total_pgmajfault, v2 pgmajfault)
 * @param limitBytes the limit; the host's total memory when none is set or the set one is larger,
 *     as docker reports it
 * @param limited whether a limit below the host's memory is set
 * @param oomKills processes the kernel OOM-killed in this cgroup (v1 oom_kill of
 *     memory.oom_control, v2 oom_kill of memory.events); empty on kernels older than 4.13
 */
public record MemoryStats(
        long usageBytes,
        long rawUsageBytes,
        long rssBytes,
        long pageFaults,
        long majorPageFaults,
        long limitBytes,
        boolean limited,
        OptionalLong oomKills) {}
