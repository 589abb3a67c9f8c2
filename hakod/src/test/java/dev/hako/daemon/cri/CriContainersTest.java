package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.containers.ContainerOptions;
import dev.hako.containers.LinuxOptions;
import dev.hako.containers.PodMembership;
import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.ContainerMetadata;
import dev.hako.cri.v1.Device;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.Int64Value;
import dev.hako.cri.v1.LinuxContainerConfig;
import dev.hako.cri.v1.LinuxContainerResources;
import dev.hako.cri.v1.LinuxContainerSecurityContext;
import dev.hako.cri.v1.Mount;
import dev.hako.cri.v1.MountPropagation;
import dev.hako.cri.v1.SecurityProfile;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.PodRecord;
import dev.hako.pods.Pod;
import dev.hako.pods.PodConfig;
import dev.hako.spec.DeviceMapping;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Volume;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriContainersTest {
    @Test
    void resourcesAreTheLimitsTheContainerHasNow() {
        ContainerOptions o = options(128L << 20, 500_000_000L,
                new LinuxOptions(512, 500, null, null, null, "0-1", "0", null));
        assertEquals(LinuxContainerResources.newBuilder()
                .setMemoryLimitInBytes(128L << 20).setCpuPeriod(100_000).setCpuQuota(50_000).setCpuShares(512)
                .setCpusetCpus("0-1").setCpusetMems("0").setOomScoreAdj(500).build(),
                CriContainers.resources(o).getLinux());
    }

    @Test
    void noLimitsAreZeros() {
        assertEquals(LinuxContainerResources.getDefaultInstance(), CriContainers.resources(options(0, 0, null)).getLinux());
    }

    /** CVE-2024-40635's family: an id is a number, never a name an image's /etc/passwd could make root. */
    @Test
    void runAsIdsAreNumbersAndNegativeOnesAreRefused() {
        assertEquals("1000:50", CriContainers.user(LinuxContainerSecurityContext.newBuilder()
                .setRunAsUser(Int64Value.newBuilder().setValue(1000)).setRunAsGroup(Int64Value.newBuilder().setValue(50)).build()));
        assertEquals("", CriContainers.user(LinuxContainerSecurityContext.getDefaultInstance()));
        HakoException user = assertThrows(HakoException.class, () -> CriContainers.user(LinuxContainerSecurityContext.newBuilder()
                .setRunAsUser(Int64Value.newBuilder().setValue(-1)).build()));
        assertEquals(ErrorKind.INVALID_ARGUMENT, user.kind());
        assertEquals("LinuxContainerSecurityContext.run_as_user -1 is not a valid id", user.getMessage());
        HakoException group = assertThrows(HakoException.class, () -> CriContainers.user(LinuxContainerSecurityContext.newBuilder()
                .setRunAsUsername("app").setRunAsGroup(Int64Value.newBuilder().setValue(-2)).build()));
        assertEquals("LinuxContainerSecurityContext.run_as_group -2 is not a valid id", group.getMessage());
    }

    /** No flag string on the way: a path may hold ':', and ContainerStatus gives the mount back as sent. */
    @Test
    void aMountWhosePathsHoldAColonIsKeptAsSent(@TempDir Path podDir) throws Exception {
        Mount sent = Mount.newBuilder().setHostPath("/var/lib/kubelet/pods/u1/volumes/a:b").setContainerPath("/data:x")
                .setReadonly(true).setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER).build();
        ContainerOptions o = CriContainers.options(config().addMounts(sent).build(), pod(podDir));
        assertEquals(List.of(new Volume("/var/lib/kubelet/pods/u1/volumes/a:b", "/data:x", true, "rslave")), o.volumes());
        assertEquals(sent, CriContainerFields.mount(o.volumes().getFirst()));
        assertEquals(NetworkMode.NONE, o.network());

        ContainerOptions device = CriContainers.options(config().addDevices(Device.newBuilder()
                .setHostPath("/dev/disk/by-path/pci-0000:00:1f.2").setContainerPath("/dev/xvda").setPermissions("r")).build(),
                pod(podDir));
        assertEquals(List.of(new DeviceMapping("/dev/disk/by-path/pci-0000:00:1f.2", "/dev/xvda", "r")),
                device.linux().devices());
    }

    @Test
    void refusedMountsAndDevicesNameTheirCriField(@TempDir Path podDir) {
        assertEquals("ContainerConfig.mounts[1].host_path \"relative/dir\" must be an absolute path", refused(podDir,
                config().addMounts(Mount.newBuilder().setHostPath("/h").setContainerPath("/a"))
                        .addMounts(Mount.newBuilder().setHostPath("relative/dir").setContainerPath("/b"))));
        assertEquals("ContainerConfig.mounts[0].container_path is required", refused(podDir,
                config().addMounts(Mount.newBuilder().setHostPath("/h"))));
        assertEquals("ContainerConfig.mounts[0]: volume target cannot be \"/\"", refused(podDir,
                config().addMounts(Mount.newBuilder().setHostPath("/h").setContainerPath("/"))));
        assertEquals("ContainerConfig.devices[0].container_path \"dev/x\" must be an absolute path", refused(podDir,
                config().addDevices(Device.newBuilder().setHostPath("/dev/fuse").setContainerPath("dev/x"))));
        assertTrue(refused(podDir, config().addDevices(Device.newBuilder().setHostPath("/dev/fuse").setPermissions("rx")))
                .startsWith("ContainerConfig.devices[0]: "));
    }

    /** A Localhost profile is kept by its path; the spec generator reads the file (it need not exist yet). */
    @Test
    void aLocalhostSeccompProfileIsItsPath(@TempDir Path podDir) throws Exception {
        ContainerOptions o = CriContainers.options(config().setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                LinuxContainerSecurityContext.newBuilder().setSeccomp(SecurityProfile.newBuilder()
                        .setProfileType(SecurityProfile.ProfileType.Localhost).setLocalhostRef("/profiles/not:yet.json"))))
                .build(), pod(podDir));
        assertEquals(SeccompSetting.localhost("/profiles/not:yet.json"), o.seccomp());
        assertEquals("LinuxContainerSecurityContext.seccomp.localhost_ref \"profile.json\" must be an absolute path",
                refused(podDir, config().setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                        LinuxContainerSecurityContext.newBuilder().setSeccomp(SecurityProfile.newBuilder()
                                .setProfileType(SecurityProfile.ProfileType.Localhost).setLocalhostRef("profile.json"))))));
        assertEquals(SeccompSetting.UNCONFINED, CriContainers.options(config().build(), pod(podDir)).seccomp());
    }

    private static String refused(Path podDir, ContainerConfig.Builder config) {
        HakoException e = assertThrows(HakoException.class, () -> CriContainers.options(config.build(), pod(podDir)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        return e.getMessage();
    }

    private static ContainerConfig.Builder config() {
        return ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName("app"))
                .setImage(ImageSpec.newBuilder().setImage("busybox"));
    }

    private static Pod pod(Path dir) {
        var config = new PodConfig("web", "default", "u1", 1, "", "", null, null, null, null, "", "", false, false, false,
                null, false, "{}");
        var record = new PodRecord("p1", config.sandboxName(), "runc", PodRecord.State.READY, "", "", 1);
        return new Pod(record, config, List.of(), null, null, null, null, dir);
    }

    static ContainerOptions options(long memory, long nanoCpus, LinuxOptions linux) {
        PodMembership pod = new PodMembership("pod1", "", "", "", "", false, false, false, "", "", "", "", null, "app", 0,
                null, "busybox", "{\"metadata\":{\"name\":\"app\"},\"linux\":{}}");
        return new ContainerOptions("app_web_default_u1_0", "busybox", List.of("sleep"), List.of("3600"), null, "", "", null,
                null, false, "", memory, nanoCpus, 0, null, null, false, null, false, null, "runc", false, false, false, false,
                null, pod, linux);
    }
}
