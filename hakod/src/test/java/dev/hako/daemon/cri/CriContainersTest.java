package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.containers.ContainerOptions;
import dev.hako.containers.LinuxOptions;
import dev.hako.containers.PodMembership;
import dev.hako.cri.v1.LinuxContainerResources;
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

    static ContainerOptions options(long memory, long nanoCpus, LinuxOptions linux) {
        PodMembership pod = new PodMembership("pod1", "", "", "", "", false, false, false, "", "", "", "", null, "app", 0,
                null, "busybox", "{\"metadata\":{\"name\":\"app\"},\"linux\":{}}");
        return new ContainerOptions("app_web_default_u1_0", "busybox", List.of("sleep"), List.of("3600"), null, "", "", null,
                null, false, "", memory, nanoCpus, 0, null, null, false, "", false, "none", "runc", false, false, false, false,
                null, pod, linux);
    }
}
