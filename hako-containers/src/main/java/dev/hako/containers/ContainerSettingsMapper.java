package dev.hako.containers;

import dev.hako.spec.ContainerSettings;

/**
 * What a container was asked to be, as the settings the spec is generated from. A copy of fields:
 * both APIs built the typed records at their edge; the settings check them together (a mount point
 * given twice, limits that cannot be).
 */
final class ContainerSettingsMapper {
    private ContainerSettingsMapper() {}

    static ContainerSettings settings(ContainerOptions o) {
        LinuxOptions linux = o.linux() != null ? o.linux() : LinuxOptions.NONE;
        return ContainerSettings.builder()
                .cpuShares(linux.cpuShares())
                .oomScoreAdj(linux.oomScoreAdj())
                .supplementalGroups(linux.supplementalGroups())
                .maskedPaths(linux.maskedPaths())
                .readonlyPaths(linux.readonlyPaths())
                .cpusetCpus(linux.cpusetCpus())
                .cpusetMems(linux.cpusetMems())
                .devices(linux.devices())
                .entrypoint(o.entrypoint())
                .cmd(o.cmd())
                .env(o.env())
                .workingDir(o.workingDir())
                .user(o.user())
                .volumes(o.volumes())
                .tmpfs(o.tmpfs())
                .readOnlyRoot(o.readOnly())
                .hostname(o.hostname())
                .memoryBytes(o.memoryBytes())
                .nanoCpus(o.nanoCpus())
                .pidsLimit(o.pidsLimit())
                .capAdd(o.capAdd())
                .capDrop(o.capDrop())
                .privileged(o.privileged())
                .seccomp(o.seccomp())
                .noNewPrivileges(o.noNewPrivileges())
                .network(o.network())
                .tty(o.tty())
                .labels(o.labels())
                .build();
    }
}
