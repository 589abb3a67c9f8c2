package dev.hako.spec.customisers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.ImageConfig;
import dev.hako.spec.Capability;
import dev.hako.spec.CapabilitySets;
import dev.hako.spec.ContainerSettings;
import dev.hako.spec.HostLimits;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.TestInputs;
import dev.hako.spec.Ulimit;
import dev.hako.spec.Volume;
import dev.hako.spec.seccomp.KernelVersion;
import dev.hako.spec.seccomp.SeccompArch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomiserRulesTest {
    @TempDir
    Path tmp;
    TestInputs in;

    @BeforeEach
    void setUp() throws Exception {
        in = new TestInputs(tmp);
    }

    private Spec apply(ImageConfig.Config image, ContainerSettings s, SpecCustomiser... customisers) throws Exception {
        Spec spec = new Spec();
        for (SpecCustomiser c : customisers) {
            c.customise(spec, in.input(image, s));
        }
        return spec;
    }

    private Spec apply(ContainerSettings s, SpecCustomiser... customisers) throws Exception {
        return apply(null, s, customisers);
    }

    private static List<String> words(String s) {
        return s == null ? null : s.equals("[]") ? List.of() : Arrays.asList(s.split(" "));
    }

    /** docker's rules for Entrypoint and Cmd; "[]" is an empty list, null is "not given". */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // image entrypoint | image cmd | --entrypoint | command | args
        "null               | sh        | null         | null    | sh",
        "null               | sh        | null         | ls -l   | ls -l",
        "/entry.sh          | serve     | null         | null    | /entry.sh serve",
        "/entry.sh          | serve     | null         | debug   | /entry.sh debug",
        "/entry.sh          | serve     | /bin/sh      | null    | /bin/sh",
        "/entry.sh          | serve     | /bin/sh      | -c id   | /bin/sh -c id",
        "/entry.sh          | serve     | []           | null    | serve",
        "/entry.sh          | serve     | []           | id      | id",
    })
    void entrypointAndCmd(String imageEntrypoint, String imageCmd, String entrypoint, String cmd, String args) throws Exception {
        var image = TestInputs.image(null, null, words(imageEntrypoint), words(imageCmd), null, null);
        var s = ContainerSettings.builder().entrypoint(words(entrypoint)).cmd(words(cmd)).build();
        assertEquals(words(args), apply(image, s, new ImageConfigCustomiser()).process.args);
    }

    @Test
    void noCommandAtAllIsRefused() {
        var image = TestInputs.image(null, null, List.of("/entry.sh"), null, null, null);
        HakoException e = assertThrows(HakoException.class,
                () -> apply(image, ContainerSettings.builder().entrypoint(List.of()).build(), new ImageConfigCustomiser()));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().startsWith("no command specified"), e.getMessage());
    }

    @Test
    void envGetsDockersPathWhenTheImageHasNone() throws Exception {
        Spec spec = apply(TestInputs.image(null, null, null, List.of("sh"), null, null),
                ContainerSettings.builder().env(List.of("A=1")).build(), new ImageConfigCustomiser());
        assertEquals(List.of(ImageConfigCustomiser.DEFAULT_PATH, "HOSTNAME=0123456789ab", "A=1"), spec.process.env);
    }

    @Test
    void theUsersWorkingDirWinsAndRelativeImageDirsAreFromRoot() throws Exception {
        var image = TestInputs.image(null, null, null, List.of("sh"), "app/../data", null);
        assertEquals("/data", apply(image, ContainerSettings.builder().build(), new ImageConfigCustomiser()).process.cwd);
        assertEquals("/w", apply(image, ContainerSettings.builder().workingDir("/w/").build(), new ImageConfigCustomiser()).process.cwd);
        assertEquals("/", apply(TestInputs.busybox(), ContainerSettings.builder().build(), new ImageConfigCustomiser()).process.cwd);
    }

    @Test
    void anImageWorkingDirInsideProcIsRefused() {
        var image = TestInputs.image(null, null, null, List.of("sh"), "proc/self/fd/7", null);
        HakoException e = assertThrows(HakoException.class,
                () -> apply(image, ContainerSettings.builder().build(), new ImageConfigCustomiser()));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("the image's working directory \"/proc/self/fd/7\" is invalid: it is inside /proc, whose links lead out "
                + "of the container", e.getMessage());
    }

    @Test
    void theImagesUserIsUsedUnlessOverridden() throws Exception {
        var image = TestInputs.image("www-data", null, null, List.of("sh"), null, null);
        assertEquals(33, apply(image, ContainerSettings.builder().build(), new UserCustomiser()).process.user.uid);
        assertEquals(1000, apply(image, ContainerSettings.builder().user("app").build(), new UserCustomiser()).process.user.uid);
    }

    @Test
    void theWorkingDirIsCreatedForTheUser() throws Exception {
        int uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        int gid = (Integer) Files.getAttribute(tmp, "unix:gid");
        Spec spec = new Spec();
        spec.process.cwd = "/srv/app";
        spec.process.user.uid = uid;
        spec.process.user.gid = gid;
        new WorkingDirCustomiser().customise(spec, in.input(ContainerSettings.builder().build()));
        assertTrue(Files.isDirectory(in.rootfs.resolve("srv/app")));
        assertEquals(uid, Files.getAttribute(in.rootfs.resolve("srv/app"), "unix:uid"));
    }

    @Test
    void aVolumeWhoseSourceIsMissingIsRefused() {
        var s = ContainerSettings.builder().volumes(List.of(Volume.parse(tmp.resolve("nope") + ":/c"))).build();
        HakoException e = assertThrows(HakoException.class, () -> apply(s, new UserMountsCustomiser()));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("volume source " + tmp.resolve("nope") + " does not exist on the host", e.getMessage());
    }

    @Test
    void aUserDevReplacesAllDefaultsBelowDev() throws Exception {
        var s = ContainerSettings.builder().volumes(List.of(Volume.parse(tmp + ":/dev"))).build();
        Spec spec = apply(s, new DefaultMountsCustomiser(), new UserMountsCustomiser());
        assertEquals(List.of("/proc", "/sys", "/sys/fs/cgroup", "/dev"), spec.mounts.stream().map(m -> m.destination).toList());
    }

    @Test
    void aVolumeOnEtcHostsWinsOverTheGeneratedFile() throws Exception {
        Path hosts = Files.writeString(tmp.resolve("my-hosts"), "");
        var s = ContainerSettings.builder().volumes(List.of(Volume.parse(hosts + ":/etc/hosts"))).build();
        Spec spec = apply(s, new UserMountsCustomiser(), new EtcFilesCustomiser());
        List<Spec.Mount> onHosts = spec.mounts.stream().filter(m -> m.destination.equals("/etc/hosts")).toList();
        assertEquals(1, onHosts.size());
        assertEquals(hosts.toString(), onHosts.getFirst().source);
        assertEquals(List.of("rbind", "rprivate", "rw"), spec.mount("/etc/resolv.conf").orElseThrow().options);
    }

    @Test
    void hostNetworkHasNoNetworkNamespaceAndNoNetworkSysctls() throws Exception {
        Spec spec = apply(ContainerSettings.builder().network(NetworkMode.HOST).build(), new NamespacesCustomiser());
        assertEquals(List.of("pid", "ipc", "uts", "mount"), spec.linux.namespaces.stream().map(n -> n.type).toList());
        assertTrue(spec.linux.sysctl.isEmpty());
    }

    @Test
    void capAddAllAndCapDropAll() throws Exception {
        Spec all = apply(ContainerSettings.builder().capAdd(List.of("ALL")).capDrop(List.of("SYS_ADMIN")).build(), new CapabilitiesCustomiser());
        assertEquals(Capability.values().length - 1, all.process.capabilities.bounding.size());
        assertFalse(all.process.capabilities.bounding.contains("CAP_SYS_ADMIN"));
        Spec none = apply(ContainerSettings.builder().capDrop(List.of("all")).capAdd(List.of("chown")).build(), new CapabilitiesCustomiser());
        assertEquals(List.of("CAP_CHOWN"), none.process.capabilities.bounding);
        assertEquals(List.of("CAP_CHOWN"), none.process.capabilities.effective);
        assertTrue(none.process.capabilities.inheritable.isEmpty());
        assertTrue(none.process.capabilities.ambient.isEmpty());
    }

    @Test
    void capabilitiesTheHostLacks() throws Exception {
        in.host = new HostLimits(EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE, Capability.AUDIT_WRITE)), 0, Map.of(), 0);
        Spec spec = apply(ContainerSettings.builder().build(), new CapabilitiesCustomiser());
        assertFalse(spec.process.capabilities.bounding.contains("CAP_AUDIT_WRITE"));
        assertEquals(List.of("CAP_AUDIT_WRITE is left out: hakod does not hold it on this host"), in.warnings);
        HakoException e = assertThrows(HakoException.class,
                () -> apply(ContainerSettings.builder().capAdd(List.of("SYS_RESOURCE")).build(), new CapabilitiesCustomiser()));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals("cannot add capability CAP_SYS_RESOURCE: hakod does not hold it on this host", e.getMessage());
        Spec all = apply(ContainerSettings.builder().capAdd(List.of("ALL")).build(), new CapabilitiesCustomiser());
        assertFalse(all.process.capabilities.bounding.contains("CAP_SYS_RESOURCE"), "ALL means all the host holds");
    }

    @Test
    void seccompUnconfinedAndDefault() throws Exception {
        var seccomp = new SeccompCustomiser(SeccompArch.AMD64, new KernelVersion(6, 1));
        assertNull(apply(ContainerSettings.builder().seccomp(SeccompSetting.UNCONFINED).build(),
                new CapabilitiesCustomiser(), seccomp).linux.seccomp);
        Spec spec = apply(ContainerSettings.builder().build(), new CapabilitiesCustomiser(), seccomp);
        assertEquals("SCMP_ACT_ERRNO", spec.linux.seccomp.defaultAction);
        assertTrue(spec.linux.seccomp.syscalls.stream().noneMatch(r -> r.names.contains("mount")));
        Spec admin = apply(ContainerSettings.builder().capAdd(List.of("SYS_ADMIN")).build(), new CapabilitiesCustomiser(), seccomp);
        assertTrue(admin.linux.seccomp.syscalls.stream().anyMatch(r -> r.names.contains("mount")), "seccomp follows --cap-add");
    }

    /** The CRI's Localhost profile: the file is read when the spec is made, not when the request came. */
    @Test
    void aLocalhostProfileIsReadFromItsFileWhenTheSpecIsMade() throws Exception {
        var seccomp = new SeccompCustomiser(SeccompArch.AMD64, new KernelVersion(6, 1));
        Path file = tmp.resolve("profile.json");
        var settings = ContainerSettings.builder().seccomp(SeccompSetting.localhost(file.toString())).build();
        Files.writeString(file, "{\"defaultAction\": \"SCMP_ACT_LOG\"}");
        assertEquals("SCMP_ACT_LOG", apply(settings, new CapabilitiesCustomiser(), seccomp).linux.seccomp.defaultAction);

        Files.delete(file);
        HakoException missing = assertThrows(HakoException.class, () -> apply(settings, new CapabilitiesCustomiser(), seccomp));
        assertEquals(ErrorKind.INVALID_ARGUMENT, missing.kind());
        assertEquals("seccomp profile \"" + file + "\" is not a file on this host", missing.getMessage());
        Files.writeString(file, "{\"defaultAction\": \"NOPE\"}");
        HakoException bad = assertThrows(HakoException.class, () -> apply(settings, new CapabilitiesCustomiser(), seccomp));
        assertTrue(bad.getMessage().contains(file.toString()), bad.getMessage());
        assertEquals("seccomp profile \"profile.json\" is not an absolute path",
                assertThrows(HakoException.class, () -> SeccompSetting.localhost("profile.json")).getMessage());
    }

    @Test
    void cpusBeyondTheHostAreRefused() {
        in.host = new HostLimits(EnumSet.allOf(Capability.class), 0, Map.of(), 2);
        HakoException e = assertThrows(HakoException.class,
                () -> apply(ContainerSettings.builder().nanoCpus(2_500_000_000L).build(), new CpuCustomiser()));
        assertEquals("invalid --cpus 2.5: the range is 0.01 to 2.00, as there are only 2 CPUs available", e.getMessage());
    }

    @Test
    void pidsUnlimitedAndNoResourcesWhenNothingIsAsked() throws Exception {
        assertEquals(-1, apply(ContainerSettings.builder().pidsLimit(-1).build(), new PidsCustomiser()).linux.resources.pids.limit);
        Spec none = apply(ContainerSettings.builder().build(), new MemoryCustomiser(), new CpuCustomiser(), new PidsCustomiser());
        assertNull(none.linux.resources);
        assertEquals(50_000L, apply(ContainerSettings.builder().nanoCpus(500_000_000L).build(), new CpuCustomiser()).linux.resources.cpu.quota);
    }

    @Test
    void rlimitsDefaultToContainerdsNofile() throws Exception {
        Spec spec = apply(ContainerSettings.builder().build(), new RlimitsCustomiser());
        assertEquals(1, spec.process.rlimits.size());
        assertEquals("RLIMIT_NOFILE", spec.process.rlimits.getFirst().type);
        assertEquals(1024, spec.process.rlimits.getFirst().soft);
        assertEquals(1024, spec.process.rlimits.getFirst().hard);
    }

    @Test
    void rlimitClampsAreReportedOnlyForWhatTheUserAsked() throws Exception {
        in.host = new HostLimits(EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE)), 0, Map.of("RLIMIT_NOFILE", 512L), 0);
        Spec spec = apply(ContainerSettings.builder().build(), new RlimitsCustomiser());
        assertEquals(512, spec.process.rlimits.getFirst().hard);
        assertEquals(512, spec.process.rlimits.getFirst().soft);
        assertTrue(in.warnings.isEmpty(), in.warnings.toString());
        apply(ContainerSettings.builder().ulimits(List.of(Ulimit.parse("nofile=2048"))).build(), new RlimitsCustomiser());
        assertEquals(List.of("RLIMIT_NOFILE hard limit 2048 lowered to 512: this host cannot raise hard limits (hakod lacks CAP_SYS_RESOURCE)"),
                in.warnings);
    }

    @Test
    void rlimitsAreNotClampedWhereTheHostMayRaiseThem() throws Exception {
        in.host = new HostLimits(EnumSet.allOf(Capability.class), 0, Map.of("RLIMIT_NOFILE", 512L), 0);
        Spec spec = apply(ContainerSettings.builder().ulimits(List.of(Ulimit.parse("nofile=4096"))).build(), new RlimitsCustomiser());
        assertEquals(4096, spec.process.rlimits.getFirst().hard);
    }

    @Test
    void oomScore() throws Exception {
        assertEquals(0, apply(ContainerSettings.builder().build(), new OomScoreCustomiser()).process.oomScoreAdj);
        assertEquals(-900, apply(ContainerSettings.builder().oomScoreAdj(-900).build(), new OomScoreCustomiser()).process.oomScoreAdj);
        in.host = new HostLimits(EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE)), 200, Map.of(), 0);
        assertEquals(200, apply(ContainerSettings.builder().build(), new OomScoreCustomiser()).process.oomScoreAdj);
        assertTrue(in.warnings.isEmpty(), "the default is clamped quietly");
        assertEquals(500, apply(ContainerSettings.builder().oomScoreAdj(500).build(), new OomScoreCustomiser()).process.oomScoreAdj);
        apply(ContainerSettings.builder().oomScoreAdj(-1000).build(), new OomScoreCustomiser());
        assertEquals(List.of("OOM score adjustment -1000 raised to 200: this host cannot lower it (hakod lacks CAP_SYS_RESOURCE)"), in.warnings);
    }

    @Test
    void privilegedForANonRootUserKeepsOnlyTheBoundingSet() throws Exception {
        Spec spec = apply(ContainerSettings.builder().user("app").privileged(true).build(),
                new UserCustomiser(), new CapabilitiesCustomiser(), new PrivilegedCustomiser());
        assertEquals(CapabilitySets.all(HostLimits.unrestricted()), spec.process.capabilities.bounding);
        assertTrue(spec.process.capabilities.effective.isEmpty());
    }
}
