package dev.hako.it.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.ContainerMetadata;
import dev.hako.cri.v1.ContainerStatusRequest;
import dev.hako.cri.v1.CreateContainerRequest;
import dev.hako.cri.v1.ExecSyncRequest;
import dev.hako.cri.v1.ExecSyncResponse;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.LinuxContainerConfig;
import dev.hako.cri.v1.LinuxContainerSecurityContext;
import dev.hako.cri.v1.LinuxPodSandboxConfig;
import dev.hako.cri.v1.Mount;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxMetadata;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.SecurityProfile;
import dev.hako.cri.v1.StartContainerRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRI's mounts and seccomp profiles reach the container as sent: no flag string on the way, so
 * a host path may hold ':', and a Localhost profile is the file on the host when the container is made.
 */
class CriMountsIT {
    @Test
    void aHostPathWithAColonIsBindMountedAndALocalhostProfileIsReadFromItsFile() throws Exception {
        Path host = Files.createTempDirectory("hako-it-mount:colon-");
        try (CriFixture fx = CriFixture.start()) {
            CriClient cri = fx.cri();
            Files.writeString(host.resolve("hello"), "through a colon");
            Path profile = Files.writeString(host.resolve("no-mkdir:profile.json"), """
                    {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"],
                     "action": "SCMP_ACT_ERRNO"}]}""");
            PodSandboxConfig podConfig = PodSandboxConfig.newBuilder()
                    .setMetadata(PodSandboxMetadata.newBuilder().setName("mounts").setNamespace("default").setUid("uid-m"))
                    .setHostname("mounts").setLinux(LinuxPodSandboxConfig.getDefaultInstance()).build();
            String podId = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(podConfig).build())
                    .getPodSandboxId();
            try {
                Mount mount = Mount.newBuilder().setHostPath(host.toString()).setContainerPath("/data:x").setReadonly(true)
                        .build();
                ContainerConfig config = ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest"))
                        .addAllCommand(List.of("sleep", "3600"))
                        .addMounts(mount)
                        .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext
                                .newBuilder().setSeccomp(SecurityProfile.newBuilder()
                                        .setProfileType(SecurityProfile.ProfileType.Localhost)
                                        .setLocalhostRef(profile.toString()))))
                        .build();
                String id = cri.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                        .setConfig(config).setSandboxConfig(podConfig).build()).getContainerId();
                // The profile was read when the container was made: the file is no longer needed.
                Files.delete(profile);
                cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());

                assertEquals("through a colon", exec(cri, id, "cat", "/data:x/hello").getStdout().toStringUtf8());
                assertNotEquals(0, exec(cri, id, "touch", "/data:x/new").getExitCode(), "the mount is read-only");
                assertEquals(List.of(mount), cri.runtime().containerStatus(ContainerStatusRequest.newBuilder()
                        .setContainerId(id).build()).getStatus().getMountsList(), "ContainerStatus gives it back as sent");
                assertEquals("Seccomp:\t2", exec(cri, id, "grep", "^Seccomp:", "/proc/self/status").getStdout()
                        .toStringUtf8().strip());
                ExecSyncResponse mkdir = exec(cri, id, "mkdir", "/tmp/refused");
                assertNotEquals(0, mkdir.getExitCode(), "the Localhost profile's rule applies");
                assertEquals(0, exec(cri, id, "touch", "/tmp/allowed").getExitCode(), "and only it");
            } finally {
                cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
            }
        } finally {
            dev.hako.sys.FileTrees.deleteRecursively(host);
        }
    }

    private static ExecSyncResponse exec(CriClient cri, String id, String... cmd) {
        return cri.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of(cmd))
                .setTimeout(30).build());
    }
}
