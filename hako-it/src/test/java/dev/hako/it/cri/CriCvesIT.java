package dev.hako.it.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.ContainerMetadata;
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
import dev.hako.cri.v1.ListPodSandboxRequest;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxMetadata;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.StartContainerRequest;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.LayerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Known CVEs of containerd's and CRI-O's CRI, attempted through hakod's CRI with real runc, conmon
 * and CNI plugins. SECURITY.md lists them with what hako does about each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriCvesIT {
    private static final Path CORE_PATTERN = Path.of("/proc/sys/kernel/core_pattern");
    /** Busybox.rootfs()'s. */
    private static final String IMAGE_PASSWD = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n"
            + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    private CriFixture fx;
    private CriClient cri;
    private final List<String> pods = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        fx = CriFixture.start();
        cri = fx.cri();
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

    /**
     * CVE-2022-23648 (containerd's CRI): an image's config Volumes were copied up from the root into
     * each new volume, and a volume path that climbs out of the root with ".." copied the host's
     * files (/etc/shadow, anything) into the container. hako makes no volumes for an image's
     * Volumes: their paths stay part of the container's own writable layer, so nothing outside the
     * root is read, copied or mounted, through the CRI or the CLI.
     */
    @Test
    void imageVolumesThatClimbOutOfTheRootBringNothingFromTheHost() throws Exception {
        String shadowBefore = Files.readString(Path.of("/etc/shadow"));
        // Enough ".." to reach / from wherever the runtime keeps the container's root.
        String up = "/..".repeat(16);
        String image = importImage("cve-2022-23648:1", Busybox.rootfs(),
                "VOLUME [\"" + up + "/etc/shadow\", \"" + up.substring(1) + "/etc/passwd\", \"" + up + "/root\"]");
        String podId = runPod(pod("volumes", "uid-cve-2022-23648"));
        String id = create(podId, pod("volumes", "uid-cve-2022-23648"), container("app", image, "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());

        ExecSyncResponse shadow = exec(id, "cat", "/etc/shadow");
        // Never print what it holds: it could be the host's.
        assertNotEquals(0, shadow.getExitCode(), "the container has an /etc/shadow of " + shadow.getStdout().size() + " bytes");
        assertEquals(IMAGE_PASSWD, exec(id, "cat", "/etc/passwd").getStdout().toStringUtf8(), "/etc/passwd is the image's");
        assertEquals("", exec(id, "ls", "-A", "/root").getStdout().toStringUtf8(), "/root is the image's empty directory");
        String mounts = exec(id, "cat", "/proc/self/mountinfo").getStdout().toStringUtf8();
        for (String path : List.of(" /etc/shadow ", " /etc/passwd ", " /root ")) {
            assertFalse(mounts.contains(path), "a volume was mounted at" + path + ":\n" + mounts);
        }

        CliResult run = fx.hakod().hako("run", "--rm", "cve-2022-23648:1", "sh", "-c", "cat /etc/shadow; ls -A /root");
        assertEquals("", run.stdout(), "hako run printed " + run.stdout().length() + " characters of /etc/shadow or /root");
        assertEquals(shadowBefore, Files.readString(Path.of("/etc/shadow")), "the host's /etc/shadow changed");
    }

    /**
     * CVE-2022-0811 ("cr8escape", CRI-O): a pod sysctl's value was split on '+' by CRI-O's pinns, so
     * {@code kernel.shm_rmid_forced=1+kernel.core_pattern=|/payload} also set the host's
     * core_pattern, and the kernel ran the payload as root on the next core dump. hako refuses
     * values with '=', '+' or a newline before anything is made; plain values reach the container.
     */
    @Test
    void aSysctlValueCannotSmuggleASecondSetting() throws Exception {
        String corePattern = Files.readString(CORE_PATTERN);
        for (String value : List.of("1+kernel.core_pattern=|/tmp/payload #", "1 kernel.core_pattern=|/tmp/payload",
                "1\nkernel.core_pattern=|/tmp/payload")) {
            PodSandboxConfig config = pod("sysctl", "uid-cve-2022-0811").toBuilder()
                    .setLinux(LinuxPodSandboxConfig.newBuilder().putSysctls("kernel.shm_rmid_forced", value)).build();
            StatusRuntimeException e = assertCode(Status.Code.INVALID_ARGUMENT,
                    () -> runPod(config));
            assertTrue(e.getStatus().getDescription().contains("sysctl kernel.shm_rmid_forced has an invalid value"), e.getMessage());
        }
        assertEquals(corePattern, Files.readString(CORE_PATTERN), "the host's core_pattern changed");
        assertTrue(cri.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().isEmpty(),
                "a refused pod was kept");

        // The same sysctl with a plain value is set, in the pod's own IPC namespace only.
        String hostValue = Files.readString(Path.of("/proc/sys/kernel/shm_rmid_forced")).strip();
        String wanted = hostValue.equals("1") ? "0" : "1";
        PodSandboxConfig config = pod("sysctl-ok", "uid-cve-2022-0811-ok").toBuilder()
                .setLinux(LinuxPodSandboxConfig.newBuilder().putSysctls("kernel.shm_rmid_forced", wanted)).build();
        String podId = runPod(config);
        String id = create(podId, config, container("app", busybox(), "sleep", "3600").build());
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        assertEquals(wanted, exec(id, "cat", "/proc/sys/kernel/shm_rmid_forced").getStdout().toStringUtf8().strip());
        assertEquals(hostValue, Files.readString(Path.of("/proc/sys/kernel/shm_rmid_forced")).strip());
    }

    /**
     * CVE-2024-40635 (containerd): a run_as_user or run_as_group past 2147483647 wrapped around to 0
     * and the container ran as root; CVE-2026-46680 (containerd): such an id was then looked up as a
     * name, which a hostile /etc/passwd maps to uid 0. hako refuses ids past 2147483647 and negative
     * ones (ids are never looked up as names), whatever the image's passwd says; nothing is kept.
     */
    @Test
    void idsPast31BitsOrNegativeAreRefusedNeverRoot() throws Exception {
        String image = importImage("cve-2024-40635:1", Busybox.rootfs().file("etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\n4294967296:x:0:0::/:/bin/sh\n-1:x:0:0::/:/bin/sh\n"));
        PodSandboxConfig podConfig = pod("ids", "uid-cve-2024-40635");
        String podId = runPod(podConfig);
        List<LinuxContainerSecurityContext> hostile = List.of(
                LinuxContainerSecurityContext.newBuilder().setRunAsUser(id(4294967296L)).build(),
                LinuxContainerSecurityContext.newBuilder().setRunAsUser(id(2147483648L)).build(),
                LinuxContainerSecurityContext.newBuilder().setRunAsUser(id(-1)).build(),
                LinuxContainerSecurityContext.newBuilder().setRunAsUser(id(1000)).setRunAsGroup(id(4294967296L)).build(),
                LinuxContainerSecurityContext.newBuilder().setRunAsUser(id(1000)).setRunAsGroup(id(-1)).build(),
                LinuxContainerSecurityContext.newBuilder().setRunAsUser(id(1000)).addSupplementalGroups(4294967296L).build());
        for (LinuxContainerSecurityContext sc : hostile) {
            ContainerConfig config = container("app", image, "id").setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(sc))
                    .build();
            StatusRuntimeException e = assertCode(Status.Code.INVALID_ARGUMENT, () -> create(podId, podConfig, config));
            assertTrue(e.getMessage().contains("range") || e.getMessage().contains("valid"), sc + ": " + e.getMessage());
        }
        assertEquals(0, cri.runtime().listContainers(ListContainersRequest.newBuilder().setFilter(
                dev.hako.cri.v1.ContainerFilter.newBuilder().setPodSandboxId(podId)).build()).getContainersCount(),
                "a refused container was kept");
        // The image's own User, a number past 31 bits, is refused as well.
        String user = importImage("cve-2024-40635:user", Busybox.rootfs().file("etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\n4294967296:x:0:0::/:/bin/sh\n"), "USER 4294967296");
        StatusRuntimeException e = assertCode(Status.Code.INVALID_ARGUMENT,
                () -> create(podId, podConfig, container("app", user, "id").build()));
        assertTrue(e.getMessage().contains("user id 4294967296 is out of range (0 to 2147483647)"), e.getMessage());
    }

    private static Int64Value id(long value) {
        return Int64Value.newBuilder().setValue(value).build();
    }

    /** Imports {@code layer} with the changes under {@code name}; returns the image's ID. */
    private String importImage(String name, LayerBuilder layer, String... changes) {
        List<String> args = new ArrayList<>(List.of("image", "import", "--change", "CMD [\"sh\"]",
                "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        for (String c : changes) {
            args.add("--change");
            args.add(c);
        }
        args.addAll(List.of("-", name));
        fx.hakod().hako(new ByteArrayInputStream(layer.build()), args.toArray(String[]::new)).requireSuccess();
        return imageId(name);
    }

    private String busybox() {
        return imageId("busybox:latest");
    }

    private String imageId(String name) {
        return cri.images().imageStatus(ImageStatusRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(name)).build())
                .getImage().getId();
    }

    private static PodSandboxConfig pod(String name, String uid) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("default").setUid(uid))
                .setHostname(name + "-host")
                .setLinux(LinuxPodSandboxConfig.getDefaultInstance())
                .build();
    }

    private static ContainerConfig.Builder container(String name, String image, String... command) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(image))
                .addAllCommand(List.of(command));
    }

    private String runPod(PodSandboxConfig config) {
        String id = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build()).getPodSandboxId();
        pods.add(id);
        return id;
    }

    private String create(String podId, PodSandboxConfig podConfig, ContainerConfig config) {
        return cri.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                .setConfig(config).setSandboxConfig(podConfig).build()).getContainerId();
    }

    private ExecSyncResponse exec(String id, String... cmd) {
        return cri.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of(cmd))
                .setTimeout(30).build());
    }

    private static StatusRuntimeException assertCode(Status.Code code, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
        return e;
    }
}
