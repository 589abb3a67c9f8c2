package dev.hako.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.hako.spec.DeviceMapping;
import java.util.List;

/**
 * Linux settings a CRI container may carry beyond the CLI's flags, kept with its options.
 *
 * @param cpuShares relative CPU weight; 0: the default
 * @param oomScoreAdj null: 0
 * @param supplementalGroups gids added to the process's groups
 * @param maskedPaths null: hako's defaults
 * @param readonlyPaths null: hako's defaults
 * @param cpusetCpus "" for all CPUs
 * @param cpusetMems "" for all memory nodes
 * @param devices host devices given to the container (rows of earlier versions: HOST:CONTAINER:PERMISSIONS)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxOptions(long cpuShares, Integer oomScoreAdj, List<Long> supplementalGroups, List<String> maskedPaths,
                           List<String> readonlyPaths, String cpusetCpus, String cpusetMems,
                           @JsonDeserialize(contentUsing = StoredForms.DeviceForm.class) List<DeviceMapping> devices) {
    public LinuxOptions {
        supplementalGroups = supplementalGroups == null ? List.of() : List.copyOf(supplementalGroups);
        maskedPaths = maskedPaths == null ? null : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? null : List.copyOf(readonlyPaths);
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** None of the extras: what a container made by the CLI has. */
    public static final LinuxOptions NONE = new LinuxOptions(0, null, null, null, null, null, null, null);

    /** These options with the CPU settings a resource update gives (0 or "": unchanged). */
    public LinuxOptions withCpu(long newCpuShares, String newCpusetCpus, String newCpusetMems) {
        return new LinuxOptions(newCpuShares > 0 ? newCpuShares : cpuShares, oomScoreAdj, supplementalGroups, maskedPaths,
                readonlyPaths, newCpusetCpus == null || newCpusetCpus.isEmpty() ? cpusetCpus : newCpusetCpus,
                newCpusetMems == null || newCpusetMems.isEmpty() ? cpusetMems : newCpusetMems, devices);
    }
}
