package dev.hako.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ContainerSettingsTest {
    private static String refused(Supplier<?> build) {
        HakoException e = assertThrows(HakoException.class, build::get);
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        return e.getMessage();
    }

    private static ContainerSettings.Builder b() {
        return ContainerSettings.builder();
    }

    @Test
    void capabilityNamesAreNormalisedAndCheckedEarly() {
        ContainerSettings s = b().capAdd(List.of("net_admin", "CAP_NET_ADMIN", "all")).capDrop(List.of("Sys_Chroot")).build();
        assertEquals(List.of("CAP_NET_ADMIN", "ALL"), s.capAdd());
        assertEquals(List.of("CAP_SYS_CHROOT"), s.capDrop());
        assertEquals("unknown capability: \"CAP_NOPE\"", refused(() -> b().capAdd(List.of("CAP_NOPE")).build()));
        assertEquals("unknown capability: \"sys_everything\"", refused(() -> b().capDrop(List.of("sys_everything")).build()));
    }

    @Test
    void limits() {
        assertEquals("memory limit 1048576 bytes is below the minimum of 6 MiB (6291456 bytes)", refused(() -> b().memoryBytes(1 << 20).build()));
        assertEquals("invalid memory limit -1: it cannot be negative", refused(() -> b().memoryBytes(-1).build()));
        b().memoryBytes(6L << 20).build();
        assertEquals("invalid --cpus -0.5: it cannot be negative", refused(() -> b().nanoCpus(-500_000_000L).build()));
        assertEquals("invalid --cpus 0.001: the minimum is 0.01", refused(() -> b().nanoCpus(1_000_000L).build()));
        assertEquals("invalid --pids-limit -2: use a positive number, or -1 for unlimited", refused(() -> b().pidsLimit(-2).build()));
        b().pidsLimit(-1).build();
        assertEquals("invalid CPU shares -2: they cannot be negative", refused(() -> b().cpuShares(-2).build()));
        assertEquals("invalid OOM score adjustment -1001: it must be between -1000 and 1000", refused(() -> b().oomScoreAdj(-1001).build()));
    }

    @Test
    void mounts() {
        assertEquals("volume target \"c\" is not an absolute path", refused(() -> b().volumes(List.of(Volume.parse("/h:c"))).build()));
        assertEquals("tmpfs target \"run\" is not an absolute path", refused(() -> Tmpfs.parse("run")));
        assertEquals("duplicate mount point: /c",
                refused(() -> b().volumes(List.of(Volume.parse("/h:/c"), Volume.parse("/i:/c/"))).build()));
        assertEquals("duplicate mount point: /run",
                refused(() -> b().volumes(List.of(Volume.parse("/h:/run"))).tmpfs(List.of(Tmpfs.parse("/run"))).build()));
    }

    @Test
    void env() {
        assertEquals(List.of("A=1", "B=", "C=x=y"), b().env(List.of("A=1", "B=", "C=x=y")).build().env());
        assertEquals("invalid environment variable \"A\": expected KEY=VALUE", refused(() -> b().env(List.of("A")).build()));
        assertEquals("invalid environment variable \"=1\": the name is empty", refused(() -> b().env(List.of("=1")).build()));
    }

    @Test
    void workingDirAndHostname() {
        assertEquals("/srv", b().workingDir("/srv/./").build().workingDir());
        assertEquals("the working directory \"srv\" is invalid: it must be an absolute path", refused(() -> b().workingDir("srv").build()));
        assertEquals("invalid hostname \"a b\": letters, digits, '.' and '-', at most 64 characters", refused(() -> b().hostname("a b").build()));
    }

    /** CVE-2024-21626: /proc/self/fd/N as the working directory was a descriptor runc held on the host. */
    @Test
    void aWorkingDirInsideProcIsRefused() {
        assertEquals("the working directory \"/proc/self/fd/7\" is invalid: it is inside /proc, whose links lead out of the container",
                refused(() -> b().workingDir("/proc/self/fd/7").build()));
        assertEquals("the working directory \"/proc/self/fd/8\" is invalid: it is inside /proc, whose links lead out of the container",
                refused(() -> b().workingDir("/srv/../proc//self/fd/8/").build()));
        refused(() -> b().workingDir("/proc/1/root").build());
        refused(() -> new ExecSettings(List.of("sh"), null, null, "/proc/self/cwd", false, false));
        assertEquals("/proc", b().workingDir("/proc").build().workingDir());
        assertEquals("/procedures", b().workingDir("/procedures").build().workingDir());
    }

    @Test
    void ulimitsOnceEach() {
        assertEquals("an rlimit is given twice in [Ulimit[type=RLIMIT_NOFILE, soft=1, hard=1], Ulimit[type=RLIMIT_NOFILE, soft=2, hard=2]]",
                refused(() -> b().ulimits(List.of(Ulimit.parse("nofile=1"), Ulimit.parse("nofile=2"))).build()));
    }

    @Test
    void defaults() {
        ContainerSettings s = b().build();
        assertEquals(SeccompSetting.DEFAULT, s.seccomp());
        assertEquals(NetworkMode.NONE, s.network());
        assertEquals(null, s.entrypoint());
        assertEquals(List.of(), s.cmd());
    }
}
