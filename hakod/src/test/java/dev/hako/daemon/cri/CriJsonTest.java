package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.ContainerMetadata;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.Int64Value;
import dev.hako.cri.v1.KeyValue;
import dev.hako.cri.v1.LinuxContainerConfig;
import dev.hako.cri.v1.LinuxContainerResources;
import dev.hako.cri.v1.LinuxContainerSecurityContext;
import dev.hako.cri.v1.LinuxPodSandboxConfig;
import dev.hako.cri.v1.LinuxSandboxSecurityContext;
import dev.hako.cri.v1.NamespaceMode;
import dev.hako.cri.v1.NamespaceOption;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxMetadata;
import org.junit.jupiter.api.Test;

/** The expected JSON is what containerd 1.6 printed for the same requests (crictl inspectp / inspect). */
class CriJsonTest {
    @Test
    void aPodConfigAsContainerdPrintsIt() {
        PodSandboxConfig config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("crictl-pod").setNamespace("hako-bench")
                        .setUid("hako-bench-crictl-pod").setAttempt(1))
                .setHostname("crictl-pod")
                .setLogDirectory("/var/log/pods/x")
                .putLabels("app", "compare")
                .putAnnotations("hako.dev/bench", "crictl-compare")
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/hako-bench-crictl")
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(
                                NamespaceOption.newBuilder().setNetwork(NamespaceMode.POD).setPid(NamespaceMode.CONTAINER)
                                        .setIpc(NamespaceMode.POD))))
                .build();
        assertEquals("{\"metadata\":{\"name\":\"crictl-pod\",\"uid\":\"hako-bench-crictl-pod\",\"namespace\":\"hako-bench\","
                + "\"attempt\":1},\"hostname\":\"crictl-pod\",\"log_directory\":\"/var/log/pods/x\",\"labels\":{\"app\":\"compare\"},"
                + "\"annotations\":{\"hako.dev/bench\":\"crictl-compare\"},\"linux\":{\"cgroup_parent\":\"/hako-bench-crictl\","
                + "\"security_context\":{\"namespace_options\":{\"pid\":1}}}}", CriJson.of(config).toString());
    }

    @Test
    void aContainerConfigAsContainerdPrintsIt() {
        ContainerConfig config = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                .setImage(ImageSpec.newBuilder().setImage("registry.k8s.io/e2e-test-images/busybox:1.29-2"))
                .addCommand("sh").addCommand("-c").addCommand("exec sleep 3600")
                .addEnvs(KeyValue.newBuilder().setKey("GREETING").setValue(ByteString.copyFromUtf8("hello")))
                .putLabels("tier", "app")
                .putAnnotations("hako.dev/container", "app")
                .setLogPath("app.log")
                .setLinux(LinuxContainerConfig.getDefaultInstance())
                .build();
        assertEquals("{\"metadata\":{\"name\":\"app\"},\"image\":{\"image\":\"registry.k8s.io/e2e-test-images/busybox:1.29-2\"},"
                + "\"command\":[\"sh\",\"-c\",\"exec sleep 3600\"],\"envs\":[{\"key\":\"GREETING\",\"value\":\"hello\"}],"
                + "\"labels\":{\"tier\":\"app\"},\"annotations\":{\"hako.dev/container\":\"app\"},\"log_path\":\"app.log\","
                + "\"linux\":{}}", CriJson.of(config).toString());
    }

    @Test
    void numbersWrappersSortedMapsAndBinaryBytes() {
        ContainerConfig config = ContainerConfig.newBuilder()
                .putLabels("zone", "b").putLabels("app", "a")
                .addEnvs(KeyValue.newBuilder().setKey("BLOB").setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, 0})))
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setResources(LinuxContainerResources.newBuilder().setCpuPeriod(100_000).setCpuQuota(50_000)
                                .setMemoryLimitInBytes(1L << 40))
                        .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                                .setRunAsUser(Int64Value.newBuilder().setValue(1000))
                                .setRunAsGroup(Int64Value.getDefaultInstance())))
                .build();
        assertEquals("{\"envs\":[{\"key\":\"BLOB\",\"value\":\"/wA=\"}],\"labels\":{\"app\":\"a\",\"zone\":\"b\"},"
                + "\"linux\":{\"resources\":{\"cpu_period\":100000,\"cpu_quota\":50000,\"memory_limit_in_bytes\":1099511627776},"
                + "\"security_context\":{\"run_as_user\":{\"value\":1000},\"run_as_group\":{}}}}", CriJson.of(config).toString());
    }
}
