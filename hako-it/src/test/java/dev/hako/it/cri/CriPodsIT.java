package dev.hako.it.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.ContainerMetadata;
import dev.hako.cri.v1.ContainerState;
import dev.hako.cri.v1.ContainerStatus;
import dev.hako.cri.v1.ContainerStatusRequest;
import dev.hako.cri.v1.CreateContainerRequest;
import dev.hako.cri.v1.ExecSyncRequest;
import dev.hako.cri.v1.ExecSyncResponse;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.ImageStatusRequest;
import dev.hako.cri.v1.Int64Value;
import dev.hako.cri.v1.LinuxContainerConfig;
import dev.hako.cri.v1.LinuxContainerSecurityContext;
import dev.hako.cri.v1.LinuxPodSandboxConfig;
import dev.hako.cri.v1.ListContainersRequest;
import dev.hako.cri.v1.ListImagesRequest;
import dev.hako.cri.v1.ListPodSandboxRequest;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxMetadata;
import dev.hako.cri.v1.PodSandboxState;
import dev.hako.cri.v1.PodSandboxStatus;
import dev.hako.cri.v1.PodSandboxStatusRequest;
import dev.hako.cri.v1.RemoveContainerRequest;
import dev.hako.cri.v1.RemoveImageRequest;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.RuntimeCondition;
import dev.hako.cri.v1.StartContainerRequest;
import dev.hako.cri.v1.StatusRequest;
import dev.hako.cri.v1.StopContainerRequest;
import dev.hako.cri.v1.StopPodSandboxRequest;
import dev.hako.cri.v1.VersionRequest;
import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.images.Busybox;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The CRI as the kubelet drives it, through hakod's socket with real runc, conmon and Debian's CNI
 * plugins: pods with pinned namespaces on a bridge network of the test's own (its own bridge,
 * subnet and host-local store), their containers, ExecSync, the image service, errors and idempotency.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriPodsIT {
    private static final String SUBNET_PREFIX = CriFixture.SUBNET_PREFIX;
    private CriFixture fx;
    private HakoDaemon hakod;
    private CriClient cri;
    private String imageId;
    private final List<String> pods = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        fx = CriFixture.start();
        hakod = fx.hakod();
        cri = fx.cri();
        imageId = cri.images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).build()).getImage().getId();
    }

    @AfterEach
    void removePods() {
        for (String id : pods) {
            try {
                cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
            } catch (RuntimeException e) {
                // reported by the test that made it
            }
        }
        pods.clear();
    }

    @AfterAll
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void versionAndStatus() throws Exception {
        var version = cri.runtime().version(VersionRequest.getDefaultInstance());
        assertEquals("hako", version.getRuntimeName());
        assertEquals("v1", version.getRuntimeApiVersion());
        var status = cri.runtime().status(StatusRequest.getDefaultInstance()).getStatus();
        assertTrue(condition(status.getConditionsList(), "RuntimeReady").getStatus());
        assertTrue(condition(status.getConditionsList(), "NetworkReady").getStatus(), status.toString());
        // crictl info: containerd's keys, with hako's settings and the network it loaded.
        var info = cri.runtime().status(StatusRequest.newBuilder().setVerbose(true).build()).getInfoMap();
        assertEquals("OK", info.get("lastCNILoadStatus"), info.toString());
        var config = dev.hako.oci.Json.MAPPER.readTree(info.get("config"));
        assertEquals(hakod.root().toString(), config.path("rootDir").asText(), config.toString());
        var cni = dev.hako.oci.Json.MAPPER.readTree(info.get("cniconfig"));
        assertEquals("hako-it", cni.at("/Networks/1/Config/Name").asText(), cni.toString());
        assertEquals("eth0", cni.at("/Networks/1/IFName").asText(), cni.toString());
    }

    @Test
    void podAndContainerLifecycleInTheKubeletsOrder() throws Exception {
        PodSandboxConfig podConfig = pod("web", "uid-1");
        String podId = run(podConfig);
        PodSandboxStatus podStatus = podStatus(podId);
        assertEquals(PodSandboxState.SANDBOX_READY, podStatus.getState());
        // No handler requested: the default runs it, and "" is reported, as the request had it.
        assertEquals("", podStatus.getRuntimeHandler());
        assertEquals("", cri.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .filter(p -> p.getId().equals(podId)).findFirst().orElseThrow().getRuntimeHandler());
        String ip = podStatus.getNetwork().getIp();
        assertTrue(ip.startsWith(SUBNET_PREFIX), "pod IP " + ip);
        Path netns = hakod.root().getParent().resolve("state/pods").resolve(podId).resolve("ns/net");
        assertTrue(mounted(netns), "the network namespace is pinned on " + netns);

        String containerId = create(podId, podConfig, container("app", "sleep", "3600").build());
        assertEquals(ContainerState.CONTAINER_CREATED, containerStatus(containerId).getState());
        // The image by its content, as containerd gives it: the kubelet shows it as the pod's imageID.
        var image = cri.images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(imageId)).build()).getImage();
        assertEquals(image.getRepoDigests(0), containerStatus(containerId).getImageRef());
        assertEquals(imageId, containerStatus(containerId).getImageId());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(containerId).build());
        assertEquals(ContainerState.CONTAINER_RUNNING, containerStatus(containerId).getState());

        // The container is in the pod's namespaces: its hostname, and the pod's IP on its eth0.
        assertEquals("web-host", exec(containerId, "hostname").getStdout().toStringUtf8().strip());
        String addresses = exec(containerId, "ip", "-4", "addr", "show", "eth0").getStdout().toStringUtf8();
        assertTrue(addresses.contains(ip + "/24"), addresses);
        ExecSyncResponse failing = exec(containerId, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, failing.getExitCode());
        assertEquals("out\n", failing.getStdout().toStringUtf8());
        assertEquals("err\n", failing.getStderr().toStringUtf8());
        // The kubelet's cap: 16 MiB of each stream, the rest dropped (the command still ends normally).
        ExecSyncResponse big = exec(containerId, "sh", "-c", "head -c 17825792 /dev/zero; echo done >&2");
        assertEquals(16 * 1024 * 1024, big.getStdout().size());
        assertEquals("done\n", big.getStderr().toStringUtf8());
        assertEquals(0, big.getExitCode());
        StatusRuntimeException timeout = assertThrows(StatusRuntimeException.class, () -> cri.runtime().execSync(
                ExecSyncRequest.newBuilder().setContainerId(containerId).addAllCmd(List.of("sleep", "30")).setTimeout(1).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, timeout.getStatus().getCode());

        var listed = cri.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList();
        assertTrue(listed.stream().anyMatch(c -> c.getId().equals(containerId) && c.getPodSandboxId().equals(podId)
                && c.getMetadata().getName().equals("app") && c.getImageRef().equals(imageId)), listed.toString());

        cri.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(containerId).setTimeout(0).build());
        ContainerStatus stopped = containerStatus(containerId);
        assertEquals(ContainerState.CONTAINER_EXITED, stopped.getState());
        assertEquals(137, stopped.getExitCode());
        assertEquals("Error", stopped.getReason());
        // Stopping again is fine.
        cri.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(containerId).setTimeout(0).build());
        cri.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(containerId).build());
        cri.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(containerId).build());
        assertCode(Status.Code.NOT_FOUND, () -> containerStatus(containerId));

        cri.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        assertEquals(PodSandboxState.SANDBOX_NOTREADY, podStatus(podId).getState());
        assertFalse(mounted(netns), "the network namespace is released at stop");
        assertFalse(Files.exists(fx.ipam().resolve(ip)), "the pod's IP is released");
        cri.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        assertCode(Status.Code.NOT_FOUND, () -> podStatus(podId));
        assertTrue(cri.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .noneMatch(p -> p.getId().equals(podId)));
        assertFalse(Files.exists(netns.getParent().getParent()), "the pod's directory is gone");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(podId), "no mount of the pod is left");
    }

    @Test
    void twoPodsReachEachOtherOverTheBridge() throws Exception {
        PodSandboxConfig a = pod("a", "uid-a");
        PodSandboxConfig b = pod("b", "uid-b");
        String podA = run(a);
        String podB = run(b);
        String ipB = podStatus(podB).getNetwork().getIp();
        assertNotEquals(podStatus(podA).getNetwork().getIp(), ipB);
        String inA = create(podA, a, container("pinger", "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(inA).build());
        ExecSyncResponse ping = exec(inA, "ping", "-c", "1", "-W", "2", ipB);
        assertEquals(0, ping.getExitCode(), ping.getStdout().toStringUtf8() + ping.getStderr().toStringUtf8());
    }

    @Test
    void aPublishedPortIsReachableFromTheHostOnLoopback() throws Exception {
        int hostPort;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            hostPort = probe.getLocalPort();
        }
        PodSandboxConfig podConfig = pod("published", "uid-p").toBuilder()
                .addPortMappings(dev.hako.cri.v1.PortMapping.newBuilder().setProtocol(dev.hako.cri.v1.Protocol.TCP)
                        .setContainerPort(8080).setHostPort(hostPort))
                .build();
        String podId = run(podConfig);
        String id = create(podId, podConfig, container("web", "sh", "-c",
                "mkdir -p /www && echo hello-from-the-pod > /www/index.html && exec httpd -f -p 8080 -h /www").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        String body = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (body == null) {
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", hostPort), 2000);
                socket.setSoTimeout(3000);
                socket.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                body = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        assertTrue(body.contains("hello-from-the-pod"), body);
        cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        String nat = new String(new ProcessBuilder("iptables", "-t", "nat", "-S").start().getInputStream().readAllBytes());
        assertFalse(nat.contains("--dport " + hostPort + " "), "the port mapping is gone with the pod:\n" + nat);
    }

    @Test
    void runAsUserIsTheProcessesUid() {
        PodSandboxConfig podConfig = pod("user", "uid-u");
        String podId = run(podConfig);
        ContainerConfig config = container("app", "sleep", "3600")
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                        .setRunAsUser(Int64Value.newBuilder().setValue(1234))))
                .build();
        String id = create(podId, podConfig, config);
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        assertEquals("1234", exec(id, "id", "-u").getStdout().toStringUtf8().strip());
    }

    @Test
    void theKubeletsLinuxSettingsReachTheProcess() {
        PodSandboxConfig podConfig = pod("linux", "uid-x");
        String podId = run(podConfig);
        ContainerConfig config = container("app", "sleep", "3600")
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                                .setRunAsUser(Int64Value.newBuilder().setValue(1000))
                                .addSupplementalGroups(4242).addSupplementalGroups(4343)
                                .addMaskedPaths("/proc/timer_list").addReadonlyPaths("/proc/sys"))
                        .setResources(dev.hako.cri.v1.LinuxContainerResources.newBuilder()
                                .setCpuShares(512).setOomScoreAdj(500).setCpusetCpus("0")))
                .build();
        String id = create(podId, podConfig, config);
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        String groups = exec(id, "id", "-G").getStdout().toStringUtf8();
        assertTrue(groups.contains("4242") && groups.contains("4343"), groups);
        assertEquals("500", exec(id, "cat", "/proc/self/oom_score_adj").getStdout().toStringUtf8().strip());
        assertEquals("512", exec(id, "cat", "/sys/fs/cgroup/cpu/cpu.shares").getStdout().toStringUtf8().strip());
        assertEquals("0", exec(id, "cat", "/sys/fs/cgroup/cpuset/cpuset.cpus").getStdout().toStringUtf8().strip());
        // Only the kubelet's lists apply: /proc/timer_list is masked (a mount over it), /proc/keys is not.
        String mounts = exec(id, "cat", "/proc/self/mountinfo").getStdout().toStringUtf8();
        assertTrue(mounts.contains(" /proc/timer_list "), mounts);
        assertFalse(mounts.contains(" /proc/keys "), mounts);
        assertTrue(mounts.lines().anyMatch(l -> l.contains(" /proc/sys ") && l.contains(" ro,")), mounts);
    }

    @Test
    void badRequestsAreRefusedAndLeaveNothing() throws IOException {
        assertCode(Status.Code.INVALID_ARGUMENT, () -> cri.runtime().runPodSandbox(RunPodSandboxRequest.getDefaultInstance()));
        PodSandboxConfig hostSysctl = pod("sysctl", "uid-s").toBuilder()
                .setLinux(LinuxPodSandboxConfig.newBuilder().putSysctls("kernel.hostname", "x")).build();
        StatusRuntimeException e = assertCode(Status.Code.INVALID_ARGUMENT,
                () -> cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(hostSysctl).build()));
        assertTrue(e.getStatus().getDescription().contains("kernel.hostname"), e.getMessage());
        PodSandboxConfig smuggled = pod("sysctl2", "uid-s2").toBuilder()
                .setLinux(LinuxPodSandboxConfig.newBuilder().putSysctls("net.ipv4.ip_forward", "1\nkernel.x=1")).build();
        assertCode(Status.Code.INVALID_ARGUMENT,
                () -> cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(smuggled).build()));
        assertTrue(cri.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().isEmpty());
        try (var dirs = Files.list(hakod.root().getParent().resolve("state/pods"))) {
            assertEquals(List.of(), dirs.toList(), "no pod directory is left");
        }
        // Each field the pod's and the container's configs are checked on: INVALID_ARGUMENT naming it.
        assertInvalidPod(pod("bad-host", "u").toBuilder().setHostname("no_underscores!").build(), "hostname");
        assertInvalidPod(pod("bad-logs", "u").toBuilder().setLogDirectory("relative/logs").build(), "log_directory");
        assertInvalidPod(pod("bad-cgroup", "u").toBuilder().setLinux(LinuxPodSandboxConfig.newBuilder()
                .setCgroupParent("/kubepods/../escape")).build(), "cgroup_parent");
        assertInvalidPod(pod("bad-port", "u").toBuilder().addPortMappings(dev.hako.cri.v1.PortMapping.newBuilder()
                .setContainerPort(0).setHostPort(8080)).build(), "container port 0");
        assertInvalidPod(pod("", "u"), "metadata.name");
        PodSandboxConfig good = pod("validation", "uid-v");
        String podId = run(good);
        assertInvalidContainer(podId, good, container("", "true").build(), "metadata.name");
        assertInvalidContainer(podId, good, container("noimage", "true").clearImage().build(), "image");
        assertInvalidContainer(podId, good, container("escape", "true").setLogPath("../../etc/evil.log").build(), "log_path");
        assertInvalidContainer(podId, good, container("wd", "true").setWorkingDir("relative").build(), "working directory");
        assertInvalidContainer(podId, good, container("env", "true").addEnvs(dev.hako.cri.v1.KeyValue.newBuilder()
                .setValue(com.google.protobuf.ByteString.copyFromUtf8("x"))).build(), "envs");
        assertInvalidContainer(podId, good, container("group", "true").setLinux(LinuxContainerConfig.newBuilder()
                .setSecurityContext(LinuxContainerSecurityContext.newBuilder().setRunAsGroup(Int64Value.newBuilder().setValue(5))))
                .build(), "run_as_group");
        assertInvalidContainer(podId, good, container("mount", "true").addMounts(dev.hako.cri.v1.Mount.newBuilder()
                .setHostPath("/nonexistent/hako-it").setContainerPath("/data")).build(), "/nonexistent/hako-it");
        assertInvalidContainer(podId, good, container("cpuset", "true").setLinux(LinuxContainerConfig.newBuilder()
                .setResources(dev.hako.cri.v1.LinuxContainerResources.newBuilder().setCpusetCpus("zero"))).build(), "cpuset_cpus");
        assertEquals(0, cri.runtime().listContainers(ListContainersRequest.newBuilder().setFilter(
                dev.hako.cri.v1.ContainerFilter.newBuilder().setPodSandboxId(podId)).build()).getContainersCount(),
                "no refused container was kept");
        try (var bundles = Files.list(hakod.root().getParent().resolve("state/containers"))) {
            assertTrue(bundles.noneMatch(b -> b.getFileName().toString().matches("[0-9a-f]{64}")), "no bundle is left");
        }

        assertCode(Status.Code.NOT_FOUND, () -> cri.runtime().createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId("0123456789ab").setConfig(container("x", "true")).build()));
        assertCode(Status.Code.NOT_FOUND, () -> containerStatus("0123456789ab"));
        assertCode(Status.Code.NOT_FOUND, () -> podStatus("0123456789ab"));
        // Stop and remove of what is gone succeed.
        cri.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId("0123456789ab").build());
        cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId("0123456789ab").build());
        cri.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId("0123456789ab").build());
        cri.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId("0123456789ab").build());
    }

    @Test
    void imageService() {
        var images = cri.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList();
        assertTrue(images.stream().anyMatch(i -> i.getId().equals(imageId)
                && i.getRepoTagsList().contains("docker.io/library/busybox:latest")), images.toString());
        var absent = cri.images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage("docker.io/library/nothere:1")).build());
        assertFalse(absent.hasImage(), "an absent image answers no image, not an error");
        cri.images().removeImage(RemoveImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage("docker.io/library/nothere:1")).build());
        var imageFs = cri.images().imageFsInfo(dev.hako.cri.v1.ImageFsInfoRequest.getDefaultInstance()).getImageFilesystems(0);
        assertTrue(imageFs.getUsedBytes().getValue() > 0, imageFs.toString());
        // Each inode once, as du counts: busybox's hundreds of hard links to one binary do not multiply it.
        assertTrue(imageFs.getUsedBytes().getValue() < 50L << 20, imageFs.toString());
    }

    @Test
    void podsSurviveAKill9OfHakod() throws Exception {
        PodSandboxConfig podConfig = pod("survivor", "uid-k");
        String podId = run(podConfig);
        String ip = podStatus(podId).getNetwork().getIp();
        String id = create(podId, podConfig, container("app", "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        // A second pod whose network someone breaks while hakod is down: CNI's CHECK at start says so.
        String broken = run(pod("broken", "uid-br"));
        Path brokenNetns = hakod.root().getParent().resolve("state/pods").resolve(broken).resolve("ns/net");
        fx.hakod().kill9();
        run("nsenter", "--net=" + brokenNetns, "ip", "link", "del", "eth0");
        fx.killAndRestart();
        cri = fx.cri();
        assertTrue(hakod.log().contains("pod sandbox " + broken + ": its network does not check out"), hakod.log());
        assertFalse(hakod.log().contains("pod sandbox " + podId + ": its network does not check out"), hakod.log());
        PodSandboxStatus after = podStatus(podId);
        assertEquals(PodSandboxState.SANDBOX_READY, after.getState());
        assertEquals(ip, after.getNetwork().getIp());
        assertEquals(ContainerState.CONTAINER_RUNNING, containerStatus(id).getState());
        assertEquals("ok", exec(id, "echo", "ok").getStdout().toStringUtf8().strip());
    }

    @Test
    void limitsStatsAndLogRotation() throws Exception {
        Path logs = Files.createTempDirectory("hako-it-podlogs-");
        try {
            PodSandboxConfig podConfig = pod("limits", "uid-l").toBuilder().setLogDirectory(logs.toString()).build();
            String podId = run(podConfig);
            ContainerConfig config = container("app", "sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done")
                    .setLogPath("app/0.log")
                    .setLinux(LinuxContainerConfig.newBuilder().setResources(dev.hako.cri.v1.LinuxContainerResources.newBuilder()
                            .setMemoryLimitInBytes(64L << 20).setCpuQuota(50_000).setCpuPeriod(100_000)))
                    .build();
            String id = create(podId, podConfig, config);
            cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
            // The limits as the container's own cgroup shows them.
            assertEquals(String.valueOf(64L << 20), exec(id, "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes")
                    .getStdout().toStringUtf8().strip());
            assertEquals("50000", exec(id, "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us").getStdout().toStringUtf8().strip());
            cri.runtime().updateContainerResources(dev.hako.cri.v1.UpdateContainerResourcesRequest.newBuilder().setContainerId(id)
                    .setLinux(dev.hako.cri.v1.LinuxContainerResources.newBuilder().setMemoryLimitInBytes(128L << 20)).build());
            assertEquals(String.valueOf(128L << 20), exec(id, "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes")
                    .getStdout().toStringUtf8().strip());
            // The status says what the container has now, as the kubelet reads it back after a resize.
            var resources = containerStatus(id).getResources().getLinux();
            assertEquals(128L << 20, resources.getMemoryLimitInBytes(), resources.toString());
            assertEquals(50_000, resources.getCpuQuota(), resources.toString());
            assertEquals(100_000, resources.getCpuPeriod(), resources.toString());

            var stats = cri.runtime().containerStats(dev.hako.cri.v1.ContainerStatsRequest.newBuilder().setContainerId(id).build())
                    .getStats();
            assertEquals(id, stats.getAttributes().getId());
            assertTrue(stats.getMemory().getWorkingSetBytes().getValue() > 0, stats.toString());
            assertTrue(stats.getCpu().getUsageCoreNanoSeconds().getValue() > 0, stats.toString());
            long available = stats.getMemory().getAvailableBytes().getValue();
            assertTrue(available > 0 && available <= 128L << 20, "what the updated limit leaves: " + stats);
            exec(id, "sh", "-c", "head -c 100000 /dev/zero > /tmp/fill");
            var after = cri.runtime().containerStats(dev.hako.cri.v1.ContainerStatsRequest.newBuilder().setContainerId(id).build())
                    .getStats();
            assertTrue(after.getWritableLayer().getUsedBytes().getValue() >= 100000, after.toString());
            // The filesystem the layer is on, named by the snapshotter's root, as containerd names it.
            assertEquals(hakod.root().resolve("snapshots").toString(), after.getWritableLayer().getFsId().getMountpoint());
            var podStats = cri.runtime().podSandboxStats(dev.hako.cri.v1.PodSandboxStatsRequest.newBuilder()
                    .setPodSandboxId(podId).build()).getStats();
            assertEquals(1, podStats.getLinux().getContainersCount());
            assertEquals("eth0", podStats.getLinux().getNetwork().getDefaultInterface().getName());
            assertTrue(cri.runtime().listContainerStats(dev.hako.cri.v1.ListContainerStatsRequest.getDefaultInstance())
                    .getStatsList().stream().anyMatch(x -> x.getAttributes().getId().equals(id)));

            // The kubelet's rotation: move the file away, ask for a reopen, new lines go to a new file.
            Path log = logs.resolve("app/0.log");
            waitFor(() -> Files.exists(log) && Files.readString(log).contains(" stdout F line 1"));
            Path rotated = logs.resolve("app/0.log.1");
            Files.move(log, rotated);
            cri.runtime().reopenContainerLog(dev.hako.cri.v1.ReopenContainerLogRequest.newBuilder().setContainerId(id).build());
            // As the kubelet relies on: the new file is there when the call returns, and the old
            // one gets nothing more (the kubelet compresses it next).
            assertTrue(Files.exists(log), "the new log file exists when ReopenContainerLog returns");
            String old = Files.readString(rotated);
            waitFor(() -> Files.readString(log).lines().filter(l -> l.matches("\\S+ stdout F line \\d+")).count() >= 2);
            assertEquals(old, Files.readString(rotated), "nothing went to the old file after the reopen");
            assertTrue(old.contains(" stdout F line 0"));
            // Reopening a log that was not moved away starts a new file at the same path too.
            Object before = Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            cri.runtime().reopenContainerLog(dev.hako.cri.v1.ReopenContainerLogRequest.newBuilder().setContainerId(id).build());
            assertNotEquals(before, Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        } finally {
            removePods();
            dev.hako.sys.FileTrees.deleteRecursively(logs);
        }
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void eventsMetricsAndStreamingLists() throws Exception {
        var events = new java.util.concurrent.LinkedBlockingQueue<dev.hako.cri.v1.ContainerEventResponse>();
        var call = io.grpc.Context.current().withCancellation();
        try {
            call.run(() -> dev.hako.cri.v1.RuntimeServiceGrpc.newStub(fx.channel()).getContainerEvents(
                    dev.hako.cri.v1.GetEventsRequest.getDefaultInstance(), new io.grpc.stub.StreamObserver<>() {
                        @Override
                        public void onNext(dev.hako.cri.v1.ContainerEventResponse e) {
                            events.add(e);
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    }));
            Thread.sleep(300); // the subscription is in place before the first event
            PodSandboxConfig podConfig = pod("events", "uid-e");
            String podId = run(podConfig);
            String id = create(podId, podConfig, container("app", "sleep", "3600").build());
            cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());

            var descriptors = cri.runtime().listMetricDescriptors(dev.hako.cri.v1.ListMetricDescriptorsRequest.getDefaultInstance())
                    .getDescriptorsList().stream().map(dev.hako.cri.v1.MetricDescriptor::getName).toList();
            assertTrue(descriptors.contains("container_memory_working_set_bytes"), descriptors.toString());
            var podMetrics = cri.runtime().listPodSandboxMetrics(dev.hako.cri.v1.ListPodSandboxMetricsRequest.getDefaultInstance())
                    .getPodMetricsList().stream().filter(m -> m.getPodSandboxId().equals(podId)).findFirst().orElseThrow();
            var workingSet = podMetrics.getContainerMetrics(0).getMetricsList().stream()
                    .filter(m -> m.getName().equals("container_memory_working_set_bytes")).findFirst().orElseThrow();
            assertTrue(workingSet.getValue().getValue() > 0, workingSet.toString());
            var streamedPods = new ArrayList<String>();
            cri.runtime().streamPodSandboxes(dev.hako.cri.v1.StreamPodSandboxesRequest.getDefaultInstance())
                    .forEachRemaining(r -> r.getPodSandboxesList().forEach(p -> streamedPods.add(p.getId())));
            assertTrue(streamedPods.contains(podId), streamedPods.toString());
            var streamedContainers = new ArrayList<String>();
            cri.runtime().streamContainers(dev.hako.cri.v1.StreamContainersRequest.getDefaultInstance())
                    .forEachRemaining(r -> r.getContainersList().forEach(c -> streamedContainers.add(c.getId())));
            assertTrue(streamedContainers.contains(id), streamedContainers.toString());
            var streamedImages = new ArrayList<String>();
            cri.images().streamImages(dev.hako.cri.v1.StreamImagesRequest.getDefaultInstance())
                    .forEachRemaining(r -> r.getImagesList().forEach(i -> streamedImages.add(i.getId())));
            assertTrue(streamedImages.contains(imageId), streamedImages.toString());

            cri.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(0).build());
            cri.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
            List<dev.hako.cri.v1.ContainerEventType> seen = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (seen.size() < 4 && System.nanoTime() < deadline) {
                var e = events.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (e != null && e.getContainerId().equals(id)) {
                    seen.add(e.getContainerEventType());
                    assertEquals(podId, e.getPodSandboxStatus().getId());
                }
            }
            assertEquals(List.of(dev.hako.cri.v1.ContainerEventType.CONTAINER_CREATED_EVENT,
                    dev.hako.cri.v1.ContainerEventType.CONTAINER_STARTED_EVENT,
                    dev.hako.cri.v1.ContainerEventType.CONTAINER_STOPPED_EVENT,
                    dev.hako.cri.v1.ContainerEventType.CONTAINER_DELETED_EVENT), seen);
        } finally {
            call.cancel(null);
        }
    }

    @Test
    void hostNetworkDnsCgroupParentAndRuntimeHandler() throws Exception {
        String parent = "/hako-it-pods-" + Long.toHexString(System.nanoTime());
        PodSandboxConfig podConfig = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("hostnet").setNamespace("default").setUid("uid-h"))
                .setDnsConfig(dev.hako.cri.v1.DNSConfig.newBuilder().addServers("10.96.0.10").addSearches("default.svc.cluster.local")
                        .addOptions("ndots:5"))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(parent)
                        .setSecurityContext(dev.hako.cri.v1.LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(dev.hako.cri.v1.NamespaceOption.newBuilder()
                                        .setNetwork(dev.hako.cri.v1.NamespaceMode.NODE))))
                .build();
        String podId = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(podConfig)
                .setRuntimeHandler("runc").build()).getPodSandboxId();
        pods.add(podId);
        PodSandboxStatus status = podStatus(podId);
        assertEquals("runc", status.getRuntimeHandler());
        assertEquals(dev.hako.cri.v1.NamespaceMode.NODE, status.getLinux().getNamespaces().getOptions().getNetwork());
        String id = create(podId, podConfig, container("app", "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        String hostHostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals(hostHostname, exec(id, "hostname").getStdout().toStringUtf8().strip());
        String resolv = exec(id, "cat", "/etc/resolv.conf").getStdout().toStringUtf8();
        assertEquals("search default.svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n", resolv);
        assertTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/memory" + parent, id)), "the container's cgroup is under the pod's parent");
        cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory" + parent, id)));
        removeCgroupParent(parent);

        assertCode(Status.Code.INVALID_ARGUMENT, () -> cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder()
                .setConfig(pod("nohandler", "uid-n")).setRuntimeHandler("nosuch").build()));
    }

    @Test
    void aSharedPidNamespaceHasAPauseProcessAndSurvivesARestart() throws Exception {
        PodSandboxConfig podConfig = pod("sharedpid", "uid-sp").toBuilder()
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(dev.hako.cri.v1.LinuxSandboxSecurityContext.newBuilder()
                        .setNamespaceOptions(dev.hako.cri.v1.NamespaceOption.newBuilder().setPid(dev.hako.cri.v1.NamespaceMode.POD))))
                .build();
        String podId = run(podConfig);
        assertEquals(dev.hako.cri.v1.NamespaceMode.POD, podStatus(podId).getLinux().getNamespaces().getOptions().getPid());
        String a = create(podId, podConfig, container("a", "sleep", "3600").build());
        String b = create(podId, podConfig, container("b", "sleep", "7200").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(a).build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(b).build());
        // One PID namespace: b sees a's process and the pause as PID 1.
        String ps = exec(b, "ps", "-o", "pid,args").getStdout().toStringUtf8();
        assertTrue(ps.contains("sleep 3600") && ps.contains("sleep 7200"), ps);
        assertTrue(ps.lines().anyMatch(l -> l.trim().startsWith("1 ") && l.contains("catatonit")), ps);
        Path pidFile = hakod.root().getParent().resolve("state/pods").resolve(podId).resolve("pause.pid");
        String pausePid = Files.readString(pidFile).strip();
        var info = dev.hako.oci.Json.MAPPER.readTree(cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(podId).setVerbose(true).build()).getInfoMap().get("info"));
        assertEquals(pausePid, info.path("pid").asText(), "the pause process's pid: " + info);
        fx.killAndRestart();
        cri = fx.cri();
        assertEquals(PodSandboxState.SANDBOX_READY, podStatus(podId).getState());
        assertEquals("ok", exec(a, "echo", "ok").getStdout().toStringUtf8().strip());
        cri.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        Path stat = Path.of("/proc", pausePid, "stat");
        assertTrue(!Files.exists(stat) || Files.readString(stat).contains(") Z "), "the pause process is gone with the pod");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(podId), "the PID namespace is unpinned");
    }

    @Test
    void pullImageUsesTheCredentialsOfTheRequest() throws Exception {
        String user = "kubelet";
        String password = "pull-secret";
        TestImage image = TestImage.builder().layer(new dev.hako.testkit.images.LayerBuilder().file("who", "private\n")).build();
        try (var registry = dev.hako.testkit.registry.LocalRegistry.builder().basicAuth(user, password).start();
             var writer = new dev.hako.testkit.registry.RegistryWriter(registry.url(), "Basic "
                     + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))) {
            for (var blob : image.blobs()) {
                writer.pushBlob("it/private", blob.mediaType(), blob.bytes());
            }
            writer.pushManifest("it/private", "1", image.manifest().mediaType(), image.manifest().bytes());
            ImageSpec spec = ImageSpec.newBuilder().setImage(registry.host() + "/it/private:1").build();

            StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
                    () -> cri.images().pullImage(dev.hako.cri.v1.PullImageRequest.newBuilder().setImage(spec).build()));
            assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode(), anonymous.getMessage());
            var wrong = dev.hako.cri.v1.AuthConfig.newBuilder().setUsername(user).setPassword("wrong").build();
            assertThrows(StatusRuntimeException.class, () -> cri.images().pullImage(
                    dev.hako.cri.v1.PullImageRequest.newBuilder().setImage(spec).setAuth(wrong).build()));

            // docker's "auth" field: base64 of user:password, as a kubelet passes an image pull secret.
            var auth = dev.hako.cri.v1.AuthConfig.newBuilder().setAuth(java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).build();
            String ref = cri.images().pullImage(dev.hako.cri.v1.PullImageRequest.newBuilder().setImage(spec).setAuth(auth)
                    .build()).getImageRef();
            assertEquals(image.config().digest().toString(), ref);
            var status = cri.images().imageStatus(ImageStatusRequest.newBuilder().setImage(spec).setVerbose(true).build());
            assertEquals(ref, status.getImage().getId());
            // As containerd: the size of the content (manifest, config, compressed layers), no spec.
            assertEquals(image.manifest().bytes().length + image.blobs().stream().mapToLong(b -> b.bytes().length).sum(),
                    status.getImage().getSize());
            assertFalse(status.getImage().hasSpec(), status.getImage().toString());
            assertEquals(List.of(registry.host() + "/it/private@" + image.manifest().digest()),
                    status.getImage().getRepoDigestsList());
            // The verbose info: the chain ID and the config as stored.
            var info = dev.hako.oci.Json.MAPPER.readTree(status.getInfoMap().get("info"));
            assertEquals(dev.hako.oci.ChainIds.of(image.diffIds()).getLast().toString(), info.path("chainID").asText());
            assertEquals(dev.hako.oci.Json.MAPPER.readTree(image.config().bytes()), info.path("imageSpec"));
            cri.images().removeImage(RemoveImageRequest.newBuilder().setImage(spec).build());
            assertFalse(cri.images().imageStatus(ImageStatusRequest.newBuilder().setImage(spec).build()).hasImage());
        }
    }

    @Test
    void securityContextCapabilitiesAndSeccomp() {
        PodSandboxConfig podConfig = pod("secure", "uid-sec");
        String podId = run(podConfig);
        // CAP_CHOWN dropped: chown fails even as root. RuntimeDefault seccomp: unshare of a namespace is refused.
        ContainerConfig config = container("app", "sleep", "3600")
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                        .setCapabilities(dev.hako.cri.v1.Capability.newBuilder().addDropCapabilities("CHOWN"))
                        .setSeccomp(dev.hako.cri.v1.SecurityProfile.newBuilder()
                                .setProfileType(dev.hako.cri.v1.SecurityProfile.ProfileType.RuntimeDefault))))
                .build();
        String id = create(podId, podConfig, config);
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        ExecSyncResponse chown = exec(id, "sh", "-c", "touch /tmp/f && chown 1000 /tmp/f");
        assertNotEquals(0, chown.getExitCode(), "chown without CAP_CHOWN must fail");
        assertTrue(chown.getStderr().toStringUtf8().contains("Operation not permitted"), chown.getStderr().toStringUtf8());
        String capEff = exec(id, "grep", "CapEff", "/proc/self/status").getStdout().toStringUtf8();
        long caps = Long.parseLong(capEff.replaceAll("\\D*([0-9a-f]+)\\s*$", "$1").trim(), 16);
        assertEquals(0, caps & 1, "CAP_CHOWN (bit 0) is not in the effective set: " + capEff);
        assertEquals("Seccomp:\t2", exec(id, "grep", "^Seccomp:", "/proc/self/status").getStdout().toStringUtf8().strip());
        ExecSyncResponse unshare = exec(id, "unshare", "-n", "true");
        assertNotEquals(0, unshare.getExitCode(), "unshare is blocked by the default profile");

        // Unconfined: no filter at all.
        String plain = create(podId, podConfig, container("plain", "sleep", "3600")
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                        .setSeccomp(dev.hako.cri.v1.SecurityProfile.newBuilder()
                                .setProfileType(dev.hako.cri.v1.SecurityProfile.ProfileType.Unconfined)))).build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(plain).build());
        assertEquals("Seccomp:\t0", exec(plain, "grep", "^Seccomp:", "/proc/self/status").getStdout().toStringUtf8().strip());
        // A Localhost profile that does not exist is named in the error, and nothing is left.
        StatusRuntimeException e = assertCode(Status.Code.INVALID_ARGUMENT, () -> create(podId, podConfig, container("bad", "true")
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                        .setSeccomp(dev.hako.cri.v1.SecurityProfile.newBuilder()
                                .setProfileType(dev.hako.cri.v1.SecurityProfile.ProfileType.Localhost)
                                .setLocalhostRef("/nonexistent/profile.json")))).build()));
        assertTrue(e.getMessage().contains("/nonexistent/profile.json"), e.getMessage());
        assertEquals(2, cri.runtime().listContainers(ListContainersRequest.newBuilder().setFilter(
                dev.hako.cri.v1.ContainerFilter.newBuilder().setPodSandboxId(podId)).build()).getContainersCount());
    }

    @Test
    void statsChangeWhenTheContainerWorksAndTheRemainingCalls() throws Exception {
        PodSandboxConfig podConfig = pod("busy", "uid-b");
        String podId = run(podConfig);
        String id = create(podId, podConfig, container("app", "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        var first = stats(id);
        long before = first.getCpu().getUsageCoreNanoSeconds().getValue();
        exec(id, "sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");
        var second = stats(id);
        long after = second.getCpu().getUsageCoreNanoSeconds().getValue();
        assertTrue(after > before + 10_000_000, "CPU time grew by at least 10 ms: " + before + " -> " + after);
        // As containerd: the cores used since the previous call (its first answer had none to compare
        // with), and no memory left to count without a limit.
        assertTrue(first.getCpu().hasUsageNanoCores(), first.toString());
        assertTrue(second.getCpu().getUsageNanoCores().getValue() > 0, second.toString());
        assertTrue(second.getMemory().hasAvailableBytes(), second.toString());
        assertEquals(0, second.getMemory().getAvailableBytes().getValue(), second.toString());

        var podStats = cri.runtime().listPodSandboxStats(dev.hako.cri.v1.ListPodSandboxStatsRequest.newBuilder()
                .setFilter(dev.hako.cri.v1.PodSandboxStatsFilter.newBuilder().setId(podId)).build()).getStatsList();
        assertEquals(1, podStats.size());
        assertTrue(podStats.get(0).getLinux().getCpu().getUsageCoreNanoSeconds().getValue() >= after);
        var streamed = new ArrayList<String>();
        cri.runtime().streamContainerStats(dev.hako.cri.v1.StreamContainerStatsRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getContainerStatsList().forEach(x -> streamed.add(x.getAttributes().getId())));
        assertTrue(streamed.contains(id));
        var streamedPods = new ArrayList<String>();
        cri.runtime().streamPodSandboxStats(dev.hako.cri.v1.StreamPodSandboxStatsRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getPodSandboxStatsList().forEach(x -> streamedPods.add(x.getAttributes().getId())));
        assertTrue(streamedPods.contains(podId));

        var verbosePod = cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId)
                .setVerbose(true).build());
        var podInfo = dev.hako.oci.Json.MAPPER.readTree(verbosePod.getInfoMap().get("info"));
        assertEquals("running", podInfo.path("processStatus").asText(), podInfo.toString());
        assertFalse(podInfo.path("netNamespaceClosed").asBoolean(), podInfo.toString());
        assertEquals("busy", podInfo.at("/config/metadata/name").asText(), "the config as sent: " + podInfo);
        assertEquals(podStatus(podId).getNetwork().getIp(), podInfo.at("/cniResult/Interfaces/eth0/IPConfigs/0/IP").asText(),
                "the CNI result from the cache: " + podInfo);
        assertEquals("127.0.0.1", podInfo.at("/cniResult/Interfaces/lo/IPConfigs/0/IP").asText(), podInfo.toString());
        assertTrue(podInfo.path("netNamespacePath").asText().endsWith("/ns/net"), podInfo.toString());
        var verboseContainer = cri.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id)
                .setVerbose(true).build());
        // containerd's keys: the spec an object (jq .info.runtimeSpec.process works), the config as sent.
        var info = dev.hako.oci.Json.MAPPER.readTree(verboseContainer.getInfoMap().get("info"));
        assertEquals(podId, info.path("sandboxID").asText(), info.toString());
        assertTrue(info.path("pid").asInt() > 0, info.toString());
        assertEquals("sleep", info.at("/runtimeSpec/process/args/0").asText(), info.toString());
        assertEquals("app", info.at("/config/metadata/name").asText(), info.toString());
        assertEquals("sleep", info.at("/config/command/0").asText(), info.toString());
        assertEquals("container-" + id, info.path("snapshotKey").asText(), info.toString());
        assertEquals(dev.hako.cri.v1.CgroupDriver.CGROUPFS, cri.runtime().runtimeConfig(
                dev.hako.cri.v1.RuntimeConfigRequest.getDefaultInstance()).getLinux().getCgroupDriver());
        cri.runtime().updateRuntimeConfig(dev.hako.cri.v1.UpdateRuntimeConfigRequest.newBuilder().setRuntimeConfig(
                dev.hako.cri.v1.RuntimeConfig.newBuilder().setNetworkConfig(
                        dev.hako.cri.v1.NetworkConfig.newBuilder().setPodCidr("10.199.0.0/24"))).build());
        cri.runtime().updatePodSandboxResources(dev.hako.cri.v1.UpdatePodSandboxResourcesRequest.newBuilder()
                .setPodSandboxId(podId).build());
        assertCode(Status.Code.NOT_FOUND, () -> cri.runtime().updatePodSandboxResources(
                dev.hako.cri.v1.UpdatePodSandboxResourcesRequest.newBuilder().setPodSandboxId("0123456789ab").build()));
        assertCode(Status.Code.UNIMPLEMENTED, () -> cri.runtime().checkpointContainer(
                dev.hako.cri.v1.CheckpointContainerRequest.newBuilder().setContainerId(id).build()));
    }

    @Test
    void mountPropagationBothWays() throws Exception {
        Path shared = Files.createTempDirectory("hako-it-propagation-");
        run("mount", "--bind", shared.toString(), shared.toString());
        run("mount", "--make-shared", shared.toString());
        try {
            Files.createDirectories(shared.resolve("from-host"));
            PodSandboxConfig podConfig = pod("propagation", "uid-mp");
            String podId = run(podConfig);
            ContainerConfig config = container("app", "sleep", "3600")
                    .addMounts(dev.hako.cri.v1.Mount.newBuilder().setHostPath(shared.toString()).setContainerPath("/data")
                            .setPropagation(dev.hako.cri.v1.MountPropagation.PROPAGATION_BIDIRECTIONAL))
                    .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                            LinuxContainerSecurityContext.newBuilder().setPrivileged(true)))
                    .build();
            String id = create(podId, podConfig, config);
            cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
            // Host to container: a mount the host makes after the start appears inside.
            run("mount", "-t", "tmpfs", "hako-it-host", shared.resolve("from-host").toString());
            Files.writeString(shared.resolve("from-host/hello"), "from the host");
            assertEquals("from the host", exec(id, "cat", "/data/from-host/hello").getStdout().toStringUtf8());
            // Container to host: a mount the container makes appears on the host.
            assertEquals(0, exec(id, "sh", "-c", "mkdir -p /data/from-pod && mount -t tmpfs hako-it-pod /data/from-pod "
                    + "&& echo from the pod > /data/from-pod/hello").getExitCode());
            assertEquals("from the pod\n", Files.readString(shared.resolve("from-pod/hello")));
            assertEquals(dev.hako.cri.v1.MountPropagation.PROPAGATION_BIDIRECTIONAL,
                    containerStatus(id).getMounts(0).getPropagation());
            cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        } finally {
            new ProcessBuilder("umount", "-R", shared.toString()).start().waitFor();
            dev.hako.sys.FileTrees.deleteRecursively(shared);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    @Test
    void aDeviceIsCreatedAndAllowedWithItsPermissions() {
        PodSandboxConfig podConfig = pod("device", "uid-d");
        String podId = run(podConfig);
        String id = create(podId, podConfig, container("app", "sleep", "3600")
                .addDevices(dev.hako.cri.v1.Device.newBuilder().setHostPath("/dev/fuse").setContainerPath("/dev/hako-fuse")
                        .setPermissions("rw"))
                .build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        assertEquals(0, exec(id, "test", "-c", "/dev/hako-fuse").getExitCode(), "the node is in the container's /dev");
        String allowed = exec(id, "cat", "/sys/fs/cgroup/devices/devices.list").getStdout().toStringUtf8();
        assertTrue(allowed.lines().anyMatch(l -> l.equals("c 10:229 rw")), allowed);
        assertTrue(allowed.lines().noneMatch(l -> l.startsWith("c 10:237")), "loop-control was not given: " + allowed);
        StatusRuntimeException e = assertCode(Status.Code.INVALID_ARGUMENT, () -> create(podId, podConfig,
                container("bad", "true").addDevices(dev.hako.cri.v1.Device.newBuilder().setHostPath("/dev/nonexistent-device")
                        .setContainerPath("/dev/x").setPermissions("r")).build()));
        assertTrue(e.getMessage().contains("/dev/nonexistent-device"), e.getMessage());
    }

    private dev.hako.cri.v1.ContainerStats stats(String id) {
        return cri.runtime().containerStats(dev.hako.cri.v1.ContainerStatsRequest.newBuilder().setContainerId(id).build())
                .getStats();
    }

    @Test
    void hostPidAndHostIpcShareTheHostsNamespaces() throws Exception {
        PodSandboxConfig podConfig = pod("hostns", "uid-hn").toBuilder()
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(dev.hako.cri.v1.LinuxSandboxSecurityContext.newBuilder()
                        .setNamespaceOptions(dev.hako.cri.v1.NamespaceOption.newBuilder()
                                .setPid(dev.hako.cri.v1.NamespaceMode.NODE).setIpc(dev.hako.cri.v1.NamespaceMode.NODE))))
                .build();
        String podId = run(podConfig);
        String id = create(podId, podConfig, container("app", "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        String hostIpc = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString();
        String hostPid = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        String hostNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        assertEquals(hostIpc, exec(id, "readlink", "/proc/self/ns/ipc").getStdout().toStringUtf8().strip());
        assertEquals(hostPid, exec(id, "readlink", "/proc/self/ns/pid").getStdout().toStringUtf8().strip());
        assertNotEquals(hostNet, exec(id, "readlink", "/proc/self/ns/net").getStdout().toStringUtf8().strip(),
                "the pod still has a network namespace of its own");
    }

    @Test
    void pullImageWithAnIdentityTokenOrARegistryToken() throws Exception {
        TestImage image = TestImage.builder().layer(new dev.hako.testkit.images.LayerBuilder().file("who", "tokens\n")).build();
        try (var tokens = dev.hako.testkit.registry.TokenServer.builder().user("alice", "pw")
                     .refreshToken("refresh-abc", "alice").start();
             var registry = dev.hako.testkit.registry.LocalRegistry.builder().tokenAuth(tokens).start();
             var writer = new dev.hako.testkit.registry.RegistryWriter(registry.url(),
                     "Bearer " + tokens.issue("it/tokens", "pull", "push"))) {
            for (var blob : image.blobs()) {
                writer.pushBlob("it/tokens", blob.mediaType(), blob.bytes());
            }
            writer.pushManifest("it/tokens", "1", image.manifest().mediaType(), image.manifest().bytes());
            ImageSpec spec = ImageSpec.newBuilder().setImage(registry.host() + "/it/tokens:1").build();

            // A registry token is the Bearer token itself: the token server is not asked.
            int before = tokens.requestCount();
            String ref = cri.images().pullImage(dev.hako.cri.v1.PullImageRequest.newBuilder().setImage(spec)
                    .setAuth(dev.hako.cri.v1.AuthConfig.newBuilder().setRegistryToken(tokens.issue("it/tokens", "pull")))
                    .build()).getImageRef();
            assertEquals(image.config().digest().toString(), ref);
            assertEquals(before, tokens.requestCount(), "the registry token was used as it was");
            cri.images().removeImage(RemoveImageRequest.newBuilder().setImage(spec).build());

            // An identity token is an OAuth2 refresh token, exchanged at the token server.
            ref = cri.images().pullImage(dev.hako.cri.v1.PullImageRequest.newBuilder().setImage(spec)
                    .setAuth(dev.hako.cri.v1.AuthConfig.newBuilder().setIdentityToken("refresh-abc")).build()).getImageRef();
            assertEquals(image.config().digest().toString(), ref);
            assertEquals("alice", tokens.grants().getLast().account());
            cri.images().removeImage(RemoveImageRequest.newBuilder().setImage(spec).build());
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> cri.images().pullImage(
                    dev.hako.cri.v1.PullImageRequest.newBuilder().setImage(spec)
                            .setAuth(dev.hako.cri.v1.AuthConfig.newBuilder().setIdentityToken("not-a-token")).build()));
            assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode(), refused.getMessage());
        }
    }

    /** The kubelet owns pod cgroup parents; here the test made one and removes it in every hierarchy. */
    private static void removeCgroupParent(String parent) throws IOException {
        try (var controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path c : controllers.toList()) {
                Path dir = Path.of(c + parent);
                if (Files.isDirectory(dir)) {
                    Files.delete(dir);
                }
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    @Test
    void execSyncPastItsTimeoutKillsTheProcessInTheContainer() throws Exception {
        PodSandboxConfig podConfig = pod("exectimeout", "uid-et");
        String podId = run(podConfig);
        String id = create(podId, podConfig, container("app", "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        String marker = Integer.toString(100_000 + ThreadLocalRandom.current().nextInt(800_000));
        long start = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> cri.runtime().execSync(
                ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of("sleep", marker)).setTimeout(1).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getMessage());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "the call ended near its timeout");
        // Gone before the answer, as critest checks right after: not only the runtime that ran it.
        ExecSyncResponse ps = exec(id, "ps", "-o", "args");
        assertFalse(ps.getStdout().toStringUtf8().contains("sleep " + marker), ps.getStdout().toStringUtf8());
    }

    @Test
    void aPodWithoutAHostnameGetsTheNodesWhateverItsNameIsLong() throws Exception {
        // critest's pods: no hostname, and names far over the 64 bytes a hostname can have.
        String name = "create-PodSandbox-for-container-" + "0123456789abcdef".repeat(4);
        PodSandboxConfig podConfig = pod(name, "uid-long").toBuilder().clearHostname().build();
        String podId = run(podConfig);
        assertEquals(PodSandboxState.SANDBOX_READY, podStatus(podId).getState());
        String id = create(podId, podConfig, container("app", "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        String nodeHostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals(nodeHostname, exec(id, "hostname").getStdout().toStringUtf8().strip());
        assertEquals(nodeHostname, exec(id, "cat", "/etc/hostname").getStdout().toStringUtf8().strip());
    }

    private PodSandboxConfig pod(String name, String uid) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("default").setUid(uid))
                .setHostname(name + "-host")
                .setLinux(LinuxPodSandboxConfig.getDefaultInstance())
                .build();
    }

    private ContainerConfig.Builder container(String name, String... command) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(imageId))
                .addAllCommand(List.of(command));
    }

    private String run(PodSandboxConfig config) {
        String id = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build()).getPodSandboxId();
        pods.add(id);
        return id;
    }

    private String create(String podId, PodSandboxConfig podConfig, ContainerConfig config) {
        return cri.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                .setConfig(config).setSandboxConfig(podConfig).build()).getContainerId();
    }

    private PodSandboxStatus podStatus(String id) {
        return cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).build()).getStatus();
    }

    private ContainerStatus containerStatus(String id) {
        return cri.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
    }

    private ExecSyncResponse exec(String id, String... cmd) {
        return cri.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of(cmd))
                .setTimeout(30).build());
    }

    private static RuntimeCondition condition(List<RuntimeCondition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private void assertInvalidPod(PodSandboxConfig config, String field) {
        StatusRuntimeException e = assertCode(Status.Code.INVALID_ARGUMENT,
                () -> cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build()));
        assertTrue(e.getMessage().contains(field), "expected the message to name " + field + ": " + e.getMessage());
        assertTrue(cri.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .noneMatch(p -> p.getMetadata().getName().equals(config.getMetadata().getName())), "no pod was kept");
    }

    private void assertInvalidContainer(String podId, PodSandboxConfig podConfig, ContainerConfig config, String field) {
        StatusRuntimeException e = assertCode(Status.Code.INVALID_ARGUMENT, () -> create(podId, podConfig, config));
        assertTrue(e.getMessage().contains(field), "expected the message to name " + field + ": " + e.getMessage());
    }

    private static StatusRuntimeException assertCode(Status.Code code, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
        return e;
    }

    private static boolean mounted(Path file) throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).contains(" " + file + " ");
    }
}
