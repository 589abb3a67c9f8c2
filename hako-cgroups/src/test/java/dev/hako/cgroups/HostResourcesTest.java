package dev.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostResourcesTest {
    /** This project's machines: root without CAP_SYS_RESOURCE (bit 24 clear). */
    private static final String STATUS_NO_SYS_RESOURCE = """
            Name:\tjava
            Uid:\t0\t0\t0\t0
            CapInh:\t0000000000000000
            CapPrm:\t000001fffeffffff
            CapEff:\t000001fffeffffff
            CapBnd:\t000001fffeffffff
            CapAmb:\t0000000000000000
            """;
    private static final String STATUS_FULL_ROOT = STATUS_NO_SYS_RESOURCE.replace("CapEff:\t000001fffeffffff", "CapEff:\t000001ffffffffff");

    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units    \s
            Max cpu time              unlimited            unlimited            seconds  \s
            Max file size             unlimited            unlimited            bytes    \s
            Max data size             unlimited            unlimited            bytes    \s
            Max stack size            8388608              unlimited            bytes    \s
            Max core file size        0                    unlimited            bytes    \s
            Max resident set          unlimited            unlimited            bytes    \s
            Max processes             96551                96551                processes\s
            Max open files            20000                20000                files    \s
            Max locked memory         8388608              8388608              bytes    \s
            Max address space         unlimited            unlimited            bytes    \s
            Max file locks            unlimited            unlimited            locks    \s
            Max pending signals       96551                96551                signals  \s
            Max msgqueue size         819200               819200               bytes    \s
            Max nice priority         0                    0                    \s
            Max realtime priority     0                    0                    \s
            Max realtime timeout      unlimited            unlimited            us       \s
            """;

    @Test
    void rootWithoutCapSysResourceCannotLowerOomScoreOrRaiseHardLimits() {
        HostResources host = HostResources.parse(STATUS_NO_SYS_RESOURCE, "0\n", LIMITS);
        assertFalse(host.capSysResource());
        assertFalse(host.canLowerOomScoreAdj());
        assertFalse(host.canRaiseHardLimits());
        assertEquals(0, host.oomScoreAdj());
    }

    @Test
    void bit24MakesTheDifference() {
        assertTrue(HostResources.parse(STATUS_FULL_ROOT, "0", LIMITS).capSysResource());
        assertFalse(HostResources.hasCapability("CapEff:\t0000000001000000\n", 23));
        assertTrue(HostResources.hasCapability("CapEff:\t0000000001000000\n", 24));
    }

    @Test
    void readsEveryLimitUnderItsSetrlimitName() {
        Map<String, Rlimit> limits = HostResources.parse(STATUS_NO_SYS_RESOURCE, "0", LIMITS).rlimits();
        assertEquals(16, limits.size());
        assertEquals(new Rlimit(20000, 20000), limits.get("RLIMIT_NOFILE"));
        assertEquals(new Rlimit(96551, 96551), limits.get("RLIMIT_NPROC"));
        assertEquals(new Rlimit(8388608, Rlimit.INFINITY), limits.get("RLIMIT_STACK"));
        assertEquals(new Rlimit(0, Rlimit.INFINITY), limits.get("RLIMIT_CORE"));
        assertEquals(new Rlimit(Rlimit.INFINITY, Rlimit.INFINITY), limits.get("RLIMIT_RTTIME"));
        assertEquals(new Rlimit(0, 0), limits.get("RLIMIT_RTPRIO"));
        assertEquals(List.of("RLIMIT_CPU", "RLIMIT_FSIZE"), limits.keySet().stream().limit(2).toList());
    }

    @Test
    void oomScoreAdjIsClampedToOurOwnWithoutTheCapability() {
        HostResources host = HostResources.parse(STATUS_NO_SYS_RESOURCE, "-500\n", LIMITS);
        assertEquals(-500, host.oomScoreAdj());
        assertEquals(-500, host.clampOomScoreAdj(-999)); // kubelet's guaranteed pods ask for -997
        assertEquals(-500, host.clampOomScoreAdj(-500));
        assertEquals(1000, host.clampOomScoreAdj(1000));
        assertEquals(1000, host.clampOomScoreAdj(5000));

        HostResources root = HostResources.parse(STATUS_FULL_ROOT, "-500\n", LIMITS);
        assertEquals(-999, root.clampOomScoreAdj(-999));
        assertEquals(-1000, root.clampOomScoreAdj(-5000));
    }

    @Test
    void rlimitsAreClampedToOurHardLimitWithoutTheCapability() {
        HostResources host = HostResources.parse(STATUS_NO_SYS_RESOURCE, "0", LIMITS);
        // docker's default nofile is 1048576:1048576, above this host's 20000 hard limit.
        assertEquals(new Rlimit(20000, 20000), host.clampRlimit("RLIMIT_NOFILE", new Rlimit(1048576, 1048576)));
        assertEquals(new Rlimit(1024, 4096), host.clampRlimit("RLIMIT_NOFILE", new Rlimit(1024, 4096)));
        // An unlimited hard limit lets anything through, RLIM_INFINITY included.
        assertEquals(new Rlimit(Rlimit.INFINITY, Rlimit.INFINITY),
                host.clampRlimit("RLIMIT_CORE", new Rlimit(Rlimit.INFINITY, Rlimit.INFINITY)));
        assertEquals(new Rlimit(5, 9), host.clampRlimit("RLIMIT_UNKNOWN", new Rlimit(5, 9)));

        HostResources root = HostResources.parse(STATUS_FULL_ROOT, "0", LIMITS);
        assertEquals(new Rlimit(1048576, 1048576), root.clampRlimit("RLIMIT_NOFILE", new Rlimit(1048576, 1048576)));
        assertEquals(Optional.empty(), root.rlimit("RLIMIT_NOPE"));
    }

    @Test
    void rlimitValuesAreUnsigned() {
        Rlimit unlimited = new Rlimit(Rlimit.INFINITY, Rlimit.INFINITY);
        assertTrue(unlimited.hardUnlimited());
        // RLIM_INFINITY is the largest value, not -1: clamping it lowers it.
        assertEquals(new Rlimit(100, 100), unlimited.clampTo(100));
        assertEquals(new Rlimit(1, 100), new Rlimit(1, Rlimit.INFINITY).clampTo(100));
        assertThrows(IllegalArgumentException.class, () -> new Rlimit(Rlimit.INFINITY, 5));
        assertEquals("18446744073709551615", Long.toUnsignedString(Rlimit.INFINITY));
    }

    @Test
    void readsAProcDirectory(@TempDir Path proc) throws Exception {
        new FakeTree(proc).write("status", STATUS_FULL_ROOT).write("oom_score_adj", "250\n").write("limits", LIMITS);
        HostResources host = HostResources.read(proc);
        assertTrue(host.capSysResource());
        assertEquals(250, host.oomScoreAdj());
        assertEquals(16, host.rlimits().size());
    }

    @Test
    void readsThisProcess() {
        // Whatever this host grants, the kernel lists all 16 limits and an oom_score_adj in range.
        HostResources host = HostResources.read();
        assertEquals(16, host.rlimits().size(), host.rlimits().toString());
        assertTrue(host.oomScoreAdj() >= -1000 && host.oomScoreAdj() <= 1000);
    }
}
