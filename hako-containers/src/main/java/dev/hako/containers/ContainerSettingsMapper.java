package dev.hako.containers;

import dev.hako.spec.ContainerSettings;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;

/** Turns what a container was asked to be into the checked settings the spec is generated from. */
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
                .devices(linux.devices().stream().map(dev.hako.spec.DeviceMapping::parse).toList())
                .entrypoint(o.entrypoint())
                .cmd(o.cmd())
                .env(o.env())
                .workingDir(o.workingDir())
                .user(o.user())
                .volumes(o.volumes().stream().map(Volume::parse).toList())
                .tmpfs(o.tmpfs().stream().map(Tmpfs::parse).toList())
                .readOnlyRoot(o.readOnly())
                .hostname(o.hostname())
                .memoryBytes(o.memoryBytes())
                .nanoCpus(o.nanoCpus())
                .pidsLimit(o.pidsLimit())
                .capAdd(o.capAdd())
                .capDrop(o.capDrop())
                .privileged(o.privileged())
                .seccomp(SeccompSetting.parse(o.seccomp()))
                .noNewPrivileges(o.noNewPrivileges())
                .network(NetworkMode.parse(o.network()))
                .tty(o.tty())
                .labels(o.labels())
                .build();
    }
}
