package dev.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cgroup v2 over a fake unified tree: these machines cannot run unified v2, so its file logic is
 * covered here (and the kernel's own cgroup2 files by {@code UnifiedBesideV1IT}).
 */
class V2StatsTest {
    private static final String C = "/hako/c1";
    private static final String DIR = "sys/fs/cgroup/hako/c1/";

    @TempDir
    Path root;
    FakeTree tree;
    Cgroups cg;

    @BeforeEach
    void container() {
        tree = new FakeTree(root);
        tree.write(DIR + "cpu.stat", """
                        usage_usec 1500000
                        user_usec 1000000
                        system_usec 500000
                        core_sched.force_idle_usec 0
                        nr_periods 12
                        nr_throttled 4
                        throttled_usec 2500
                        nr_bursts 0
                        burst_usec 0
                        """)
                .write(DIR + "cpu.max", "150000 100000\n")
                .write(DIR + "cpu.weight", "79\n")
                .write(DIR + "memory.current", "10485760\n")
                .write(DIR + "memory.max", "33554432\n")
                .write(DIR + "memory.stat", """
                        anon 4194304
                        file 6291456
                        kernel 0
                        active_file 2097152
                        inactive_file 4194304
                        pgfault 900
                        pgmajfault 2
                        """)
                .write(DIR + "memory.events", "low 0\nhigh 0\nmax 17\noom 1\noom_kill 1\noom_group_kill 0\n")
                .write(DIR + "pids.current", "5\n")
                .write(DIR + "pids.max", "64\n")
                .write(DIR + "cgroup.procs", "100\n101\n");
        cg = Cgroups.of(FakeTree.V2_MOUNTINFO, root);
    }

    @Test
    void readsTheUnifiedFiles() {
        CgroupStats s = cg.stats(C);
        CpuStats cpu = s.cpu().orElseThrow();
        assertEquals(1_500_000_000L, cpu.usageNanos()); // usage_usec × 1000
        assertEquals(1_000_000_000L, cpu.userNanos());
        assertEquals(500_000_000L, cpu.systemNanos());
        assertEquals(OptionalLong.of(150000), cpu.quotaMicros());
        assertEquals(OptionalLong.of(100000), cpu.periodMicros());
        assertEquals(OptionalDouble.of(1.5), cpu.cpus());
        assertEquals(OptionalLong.of(79), cpu.weight());
        assertEquals(OptionalLong.empty(), cpu.shares());
        assertEquals(new CpuStats.Throttling(12, 4, 2_500_000), cpu.throttling());

        MemoryStats mem = s.memory().orElseThrow();
        assertEquals(10485760L, mem.rawUsageBytes());
        assertEquals(10485760L - 4194304L, mem.usageBytes()); // memory.current minus inactive_file
        assertEquals(4194304L, mem.rssBytes());
        assertEquals(900L, mem.pageFaults());
        assertEquals(2L, mem.majorPageFaults());
        assertEquals(33554432L, mem.limitBytes());
        assertTrue(mem.limited());
        assertEquals(OptionalLong.of(1), mem.oomKills());

        assertEquals(new PidsStats(5, OptionalLong.of(64)), s.pids().orElseThrow());
        assertEquals(List.of(100L, 101L), cg.processes(C));
    }

    @Test
    void maxMeansNoLimit() {
        tree.write(DIR + "cpu.max", "max 100000\n").write(DIR + "memory.max", "max\n").write(DIR + "pids.max", "max\n");
        CgroupStats s = cg.stats(C);
        assertEquals(OptionalLong.empty(), s.cpu().orElseThrow().quotaMicros());
        assertEquals(OptionalLong.of(100000), s.cpu().orElseThrow().periodMicros());
        assertEquals(FakeTree.HOST_MEMORY, s.memory().orElseThrow().limitBytes());
        assertFalse(s.memory().orElseThrow().limited());
        assertEquals(OptionalLong.empty(), s.pids().orElseThrow().limit());
    }

    @Test
    void controllersTheParentDoesNotEnableGiveEmptyGroups() {
        // Only cgroup core files: cpu.stat has usage but no throttling, no memory.* or pids.*.
        Path bare = root.resolve("sys/fs/cgroup/hako/bare");
        tree.write("sys/fs/cgroup/hako/bare/cpu.stat", "usage_usec 7\nuser_usec 4\nsystem_usec 3\n")
                .write("sys/fs/cgroup/hako/bare/cgroup.procs", "");
        CgroupStats s = cg.stats("/hako/bare");
        CpuStats cpu = s.cpu().orElseThrow();
        assertEquals(7000L, cpu.usageNanos());
        assertEquals(OptionalLong.empty(), cpu.quotaMicros());
        assertEquals(OptionalLong.empty(), cpu.periodMicros());
        assertEquals(OptionalLong.empty(), cpu.weight());
        assertEquals(CpuStats.Throttling.NONE, cpu.throttling());
        assertEquals(Optional.empty(), s.memory());
        assertEquals(Optional.empty(), s.pids());
        assertEquals(List.of(), cg.processes("/hako/bare"));
        assertTrue(bare.toFile().isDirectory());
    }

    @Test
    void aMissingCgroupIsNotFound() {
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> cg.stats("/hako/gone")).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> cg.processes("/hako/gone")).kind());
        assertFalse(cg.exists("/hako/gone"));
        assertTrue(cg.exists(C));
        assertEquals(List.of(root.resolve("sys/fs/cgroup/hako/c1")), cg.directories(C));
    }

    @Test
    void withoutMeminfoTheLimitIsNotClamped() throws IOException {
        // A fake root without /proc/meminfo: the host's memory is unknown, so "max" stays unbounded.
        tree.write(DIR + "memory.max", "max\n");
        Files.delete(root.resolve("proc/meminfo"));
        MemoryStats mem = Cgroups.of(FakeTree.V2_MOUNTINFO, root).stats(C).memory().orElseThrow();
        assertEquals(Long.MAX_VALUE, mem.limitBytes());
        assertFalse(mem.limited());
    }
}
