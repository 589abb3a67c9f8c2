package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.containers.ContainerOptions;
import dev.hako.containers.LinuxOptions;
import dev.hako.containers.PodMembership;
import dev.hako.cri.v1.Int64Value;
import dev.hako.cri.v1.LinuxContainerResources;
import dev.hako.cri.v1.LinuxContainerSecurityContext;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    static ContainerOptions options(long memory, long nanoCpus, LinuxOptions linux) {
        PodMembership pod = new PodMembership("pod1", "", "", "", "", false, false, false, "", "", "", "", null, "app", 0,
                null, "busybox", "{\"metadata\":{\"name\":\"app\"},\"linux\":{}}");
        return new ContainerOptions("app_web_default_u1_0", "busybox", List.of("sleep"), List.of("3600"), null, "", "", null,
                null, false, "", memory, nanoCpus, 0, null, null, false, "", false, "none", "runc", false, false, false, false,
                null, pod, linux);
    }
}
