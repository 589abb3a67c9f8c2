package dev.hako.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostLimitsTest {
    @Test
    void effectiveCapabilitiesFromProcStatus() {
        // These machines: root without CAP_SYS_RESOURCE (bit 24).
        Set<Capability> caps = HostLimits.parseEffectiveCapabilities("Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\n");
        assertEquals(EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE)), caps);
        HostLimits h = new HostLimits(caps, 0, Map.of(), 2);
        assertFalse(h.canLowerOomScoreAdj());
        assertFalse(h.canRaiseRlimits());
        assertTrue(HostLimits.unrestricted().canLowerOomScoreAdj());
    }

    @Test
    void hardLimitsFromProcLimits() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max cpu time              unlimited            unlimited            seconds
                Max stack size            8388608              unlimited            bytes
                Max core file size        0                    unlimited            bytes
                Max processes             127431               127431               processes
                Max open files            1024                 1048576              files
                Max nice priority         0                    0
                Max realtime timeout      unlimited            unlimited            us
                """;
        Map<String, Long> hard = HostLimits.parseHardLimits(limits);
        assertEquals(-1L, hard.get("RLIMIT_CPU"));
        assertEquals(-1L, hard.get("RLIMIT_STACK"));
        assertEquals(127431L, hard.get("RLIMIT_NPROC"));
        assertEquals(1048576L, hard.get("RLIMIT_NOFILE"));
        assertEquals(0L, hard.get("RLIMIT_NICE"));
        assertEquals(-1L, hard.get("RLIMIT_RTTIME"));
        assertEquals(7, hard.size());
    }

    @Test
    void probesThisProcess() {
        HostLimits h = HostLimits.probe();
        assertTrue(h.hardRlimits().containsKey("RLIMIT_NOFILE"));
        assertTrue(h.onlineCpus() > 0);
    }

    @Test
    void hostDevicesHaveTheirNumbers() {
        List<Spec.Device> devs = HostDevices.scan(Path.of("/dev"));
        Spec.Device devNull = devs.stream().filter(d -> d.path.equals("/dev/null")).findFirst().orElseThrow();
        assertEquals("c", devNull.type);
        assertEquals(1, devNull.major);
        assertEquals(3, devNull.minor);
        assertTrue(devs.stream().noneMatch(d -> d.path.startsWith("/dev/pts/") || d.path.equals("/dev/console")));
        // glibc's encoding of large numbers: major 259, minor 1048575
        long rdev = (259L & 0xfff) << 8 | (259L & ~0xfffL) << 32 | (1048575L & 0xff) | (1048575L & ~0xffL) << 12;
        assertEquals(259, HostDevices.major(rdev));
        assertEquals(1048575, HostDevices.minor(rdev));
    }
}
