package dev.hako.cgroups;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * CPU time used by a cgroup and the CPU limits it runs under.
 *
 * @param usageNanos total CPU time (v1 cpuacct.usage; v2 cpu.stat usage_usec × 1000)
 * @param userNanos CPU time in user mode
 * @param systemNanos CPU time in kernel mode
 * @param quotaMicros CFS quota per period; empty when unlimited (v1 -1, v2 "max")
 * @param periodMicros CFS period; empty when the CPU controller is not available
 * @param shares v1 cpu.shares (default 1024); empty on v2
 * @param weight v2 cpu.weight (default 100); empty on v1
 * @param throttling how often the quota stopped the cgroup
 */
public record CpuStats(
        long usageNanos,
        long userNanos,
        long systemNanos,
        OptionalLong quotaMicros,
        OptionalLong periodMicros,
        OptionalLong shares,
        OptionalLong weight,
        Throttling throttling) {

    /** CFS bandwidth counters (docker's throttling_data). */
    public record Throttling(long periods, long throttledPeriods, long throttledNanos) {
        public static final Throttling NONE = new Throttling(0, 0, 0);
    }

    /** The limit as docker's {@code --cpus} writes it (quota / period); empty when unlimited. */
    public OptionalDouble cpus() {
        if (quotaMicros.isEmpty() || periodMicros.isEmpty() || periodMicros.getAsLong() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) quotaMicros.getAsLong() / periodMicros.getAsLong());
    }
}
