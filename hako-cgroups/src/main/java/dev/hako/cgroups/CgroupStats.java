package dev.hako.cgroups;

import java.util.Optional;

/**
 * One reading of a container's cgroup. A group is empty when its controller is not available for
 * this cgroup (not mounted in v1, not enabled in the parent's cgroup.subtree_control in v2).
 */
public record CgroupStats(Optional<CpuStats> cpu, Optional<MemoryStats> memory, Optional<PidsStats> pids) {}
