package dev.hako.spec.customisers;

import dev.hako.spec.Capability;
import dev.hako.spec.ContainerSettings;
import dev.hako.spec.Golden;
import dev.hako.spec.HostLimits;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.TestInputs;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Ulimit;
import dev.hako.spec.Volume;
import dev.hako.spec.seccomp.KernelVersion;
import dev.hako.spec.seccomp.SeccompArch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each customiser applied to an empty spec (or after the customisers it builds on), compared with golden/customisers/NAME.json. */
class CustomiserGoldenTest {
    @TempDir
    Path tmp;
    TestInputs in;

    @BeforeEach
    void setUp() throws Exception {
        in = new TestInputs(tmp);
    }

    private Spec apply(ContainerSettings s, SpecCustomiser... customisers) throws Exception {
        return apply(null, s, customisers);
    }

    private Spec apply(dev.hako.oci.ImageConfig.Config image, ContainerSettings s, SpecCustomiser... customisers) throws Exception {
        Spec spec = new Spec();
        for (SpecCustomiser c : customisers) {
            c.customise(spec, in.input(image, s));
        }
        return spec;
    }

    private void golden(String name, Spec spec) {
        Golden.assertJson("customisers/" + name, spec.toJson(), in.vars());
    }

    @Test
    void emptySpec() {
        golden("empty.json", new Spec());
    }

    @Test
    void rootfs() throws Exception {
        golden("rootfs.json", apply(ContainerSettings.builder().readOnlyRoot(true).build(), new RootfsCustomiser()));
    }

    @Test
    void imageConfig() throws Exception {
        var image = TestInputs.image(null, List.of("PATH=/usr/bin:/bin", "LANG=C"), List.of("/entry.sh"), List.of("serve"), "srv", "SIGQUIT");
        var s = ContainerSettings.builder().env(List.of("LANG=C.UTF-8", "A=1")).tty(true).build();
        golden("image-config.json", apply(image, s, new ImageConfigCustomiser()));
    }

    @Test
    void user() throws Exception {
        golden("user.json", apply(ContainerSettings.builder().user("app").build(), new UserCustomiser()));
    }

    @Test
    void defaultMounts() throws Exception {
        golden("default-mounts.json", apply(ContainerSettings.builder().build(), new DefaultMountsCustomiser()));
    }

    @Test
    void userMounts() throws Exception {
        Path h = Files.createDirectory(tmp.resolve("h"));
        var s = ContainerSettings.builder()
                .volumes(List.of(new Volume(h.toString(), "/c/deeper", false), Volume.parse(h + ":/c:ro")))
                .tmpfs(List.of(Tmpfs.parse("/run:exec,size=64m"), Tmpfs.parse("/dev/shm:size=1g")))
                .build();
        golden("user-mounts.json", apply(s, new DefaultMountsCustomiser(), new UserMountsCustomiser()));
    }

    @Test
    void etcFiles() throws Exception {
        golden("etc-files.json", apply(ContainerSettings.builder().readOnlyRoot(true).build(), new EtcFilesCustomiser()));
    }

    @Test
    void namespaces() throws Exception {
        golden("namespaces.json", apply(ContainerSettings.builder().build(), new NamespacesCustomiser()));
    }

    @Test
    void capabilitiesOfRoot() throws Exception {
        var s = ContainerSettings.builder().capAdd(List.of("net_admin", "CAP_SYS_PTRACE")).capDrop(List.of("MKNOD", "cap_net_raw")).build();
        golden("capabilities-root.json", apply(s, new CapabilitiesCustomiser()));
    }

    @Test
    void capabilitiesOfAnotherUser() throws Exception {
        golden("capabilities-nobody.json",
                apply(ContainerSettings.builder().user("nobody").build(), new UserCustomiser(), new CapabilitiesCustomiser()));
    }

    @Test
    void seccompWithTheUsersProfile() throws Exception {
        var s = ContainerSettings.builder().seccomp(SeccompSetting.custom("""
                {"defaultAction": "SCMP_ACT_ERRNO",
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
                 "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                              {"names": ["chroot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_CHROOT"]}}]}"""))
                .build();
        golden("seccomp-custom.json", apply(s, new CapabilitiesCustomiser(),
                new SeccompCustomiser(SeccompArch.AMD64, new KernelVersion(6, 1))));
    }

    @Test
    void maskedPaths() throws Exception {
        golden("masked-paths.json", apply(ContainerSettings.builder().build(), new MaskedPathsCustomiser()));
    }

    @Test
    void noNewPrivileges() throws Exception {
        golden("no-new-privileges.json",
                apply(ContainerSettings.builder().noNewPrivileges(true).build(), new NoNewPrivilegesCustomiser()));
    }

    @Test
    void devices() throws Exception {
        golden("devices.json", apply(ContainerSettings.builder().build(), new DevicesCustomiser()));
    }

    @Test
    void cgroupsPath() throws Exception {
        golden("cgroups-path.json", apply(ContainerSettings.builder().build(), new CgroupsPathCustomiser()));
    }

    @Test
    void resources() throws Exception {
        var s = ContainerSettings.builder().memoryBytes(64L << 20).nanoCpus(1_500_000_000L).cpuShares(512).pidsLimit(100).build();
        golden("resources.json", apply(s, new MemoryCustomiser(), new CpuCustomiser(), new PidsCustomiser()));
    }

    @Test
    void rlimitsClampedToTheHost() throws Exception {
        in.host = new HostLimits(EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE)), 0,
                Map.of("RLIMIT_NOFILE", 4096L, "RLIMIT_CORE", -1L, "RLIMIT_NPROC", 1000L), 0);
        var s = ContainerSettings.builder().ulimits(List.of(Ulimit.parse("nofile=2048:65536"), Ulimit.parse("core=-1"),
                Ulimit.parse("nproc=500:2000"))).build();
        golden("rlimits.json", apply(s, new RlimitsCustomiser()));
    }

    @Test
    void oomScoreClampedToTheHost() throws Exception {
        in.host = new HostLimits(EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE)), -500, Map.of(), 0);
        golden("oom-score.json", apply(ContainerSettings.builder().oomScoreAdj(-900).build(), new OomScoreCustomiser()));
    }

    @Test
    void annotations() throws Exception {
        var image = TestInputs.image(null, null, null, List.of("sh"), null, "SIGQUIT");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", "storage");
        labels.put("org.opencontainers.image.stopSignal", "SIGINT");
        golden("annotations.json", apply(image, ContainerSettings.builder().labels(labels).build(), new AnnotationsCustomiser()));
    }

    @Test
    void privilegedLiftsTheOthers() throws Exception {
        in.host = new HostLimits(EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE)), 0, Map.of(), 0);
        Spec.Device null_ = new Spec.Device();
        null_.path = "/dev/null";
        null_.type = "c";
        null_.major = 1;
        null_.minor = 3;
        null_.fileMode = 0666;
        null_.uid = 0L;
        null_.gid = 0L;
        in.hostDevices = List.of(null_);
        // --cap-drop ALL and a --cap-add the host cannot give are both ignored, as docker ignores them.
        var s = ContainerSettings.builder().privileged(true).capDrop(List.of("ALL")).capAdd(List.of("SYS_RESOURCE")).build();
        golden("privileged.json", apply(s, new DefaultMountsCustomiser(), new CapabilitiesCustomiser(),
                new SeccompCustomiser(SeccompArch.AMD64, new KernelVersion(6, 1)), new MaskedPathsCustomiser(),
                new DevicesCustomiser(), new PrivilegedCustomiser()));
    }
}
