package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.spec.ContainerSettings;

/**
 * New CPU and memory limits for a container (the CRI's UpdateContainerResources). Zero or empty
 * leaves a limit as it is.
 *
 * @param memoryBytes 0: unchanged; else at least 6 MiB
 * @param cpuShares 0: unchanged
 * @param cpuQuota 0: unchanged; microseconds per {@code cpuPeriod}
 * @param cpuPeriod 0: 100000 microseconds
 * @param cpusetCpus null or empty: unchanged
 * @param cpusetMems null or empty: unchanged
 */
public record ResourceUpdate(long memoryBytes, long cpuShares, long cpuQuota, long cpuPeriod, String cpusetCpus,
                             String cpusetMems) {
    static final long DEFAULT_CPU_PERIOD = 100_000;

    public ResourceUpdate {
        if (memoryBytes < 0 || cpuShares < 0 || cpuQuota < 0 || cpuPeriod < 0) {
            throw HakoException.invalid("resources cannot be negative");
        }
        if (memoryBytes > 0 && memoryBytes < ContainerSettings.MIN_MEMORY_BYTES) {
            throw HakoException.invalid("memory limit %d bytes is below the minimum of 6 MiB", memoryBytes);
        }
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
    }

    long period() {
        return cpuPeriod > 0 ? cpuPeriod : DEFAULT_CPU_PERIOD;
    }

    /**
     * What the runtime's {@code update --resources} reads: the OCI spec's linux.resources, with
     * only the limits that change; null when none does.
     */
    RuntimeResources runtimeResources() {
        RuntimeResources.Memory memory = memoryBytes > 0 ? new RuntimeResources.Memory(memoryBytes) : null;
        RuntimeResources.Cpu cpu = new RuntimeResources.Cpu(
                cpuShares > 0 ? cpuShares : null,
                cpuQuota > 0 ? cpuQuota : null,
                cpuQuota > 0 ? period() : null,
                cpusetCpus.isEmpty() ? null : cpusetCpus,
                cpusetMems.isEmpty() ? null : cpusetMems);
        if (cpu.isEmpty()) {
            cpu = null;
        }
        return memory == null && cpu == null ? null : new RuntimeResources(memory, cpu);
    }

    /** The OCI runtime spec's {@code linux.resources} as far as an update sets it; null fields are left out. */
    record RuntimeResources(Memory memory, Cpu cpu) {
        record Memory(long limit) {}

        record Cpu(Long shares, Long quota, Long period, String cpus, String mems) {
            boolean isEmpty() {
                return shares == null && quota == null && period == null && cpus == null && mems == null;
            }
        }
    }
}
