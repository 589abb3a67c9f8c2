package dev.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** v1 counters over a fake tree laid out as on this project's hybrid machines. */
class V1StatsTest {
    private static final String C = "/hako/c1";
    private static final String CPU = "sys/fs/cgroup/cpu/hako/c1/";
    private static final String ACCT = "sys/fs/cgroup/cpuacct/hako/c1/";
    private static final String MEM = "sys/fs/cgroup/memory/hako/c1/";
    private static final String PIDS = "sys/fs/cgroup/pids/hako/c1/";

    @TempDir
    Path root;
    FakeTree tree;
    Cgroups cg;

    @BeforeEach
    void container() {
        tree = new FakeTree(root);
        tree.write(CPU + "cpu.cfs_quota_us", "50000\n")
                .write(CPU + "cpu.cfs_period_us", "100000\n")
                .write(CPU + "cpu.shares", "512\n")
                .write(CPU + "cpu.stat", "nr_periods 40\nnr_throttled 7\nthrottled_time 123456789\nnr_bursts 0\nburst_time 0\n")
                .write(ACCT + "cpuacct.usage", "987654321\n")
                .write(ACCT + "cpuacct.usage_user", "600000000\n")
                .write(ACCT + "cpuacct.usage_sys", "387654321\n")
                .write(MEM + "memory.usage_in_bytes", "20971520\n")
                .write(MEM + "memory.limit_in_bytes", "67108864\n")
                .write(MEM + "memory.stat", """
                        cache 4194304
                        rss 1048576
                        inactive_file 1
                        total_cache 8388608
                        total_rss 12582912
                        total_pgfault 5000
                        total_pgmajfault 3
                        total_inactive_file 6291456
                        total_active_file 2097152
                        """)
                .write(MEM + "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
                .write(PIDS + "pids.current", "3\n")
                .write(PIDS + "pids.max", "100\n")
                .write(PIDS + "cgroup.procs", "4242\n4250\n");
        cg = Cgroups.of(FakeTree.HYBRID_MOUNTINFO, root);
    }

    @Test
    void readsEveryCounterFromItsOwnHierarchy() {
        CgroupStats s = cg.stats(C);
        CpuStats cpu = s.cpu().orElseThrow();
        assertEquals(987654321L, cpu.usageNanos());
        assertEquals(600000000L, cpu.userNanos());
        assertEquals(387654321L, cpu.systemNanos());
        assertEquals(OptionalLong.of(50000), cpu.quotaMicros());
        assertEquals(OptionalLong.of(100000), cpu.periodMicros());
        assertEquals(OptionalLong.of(512), cpu.shares());
        assertEquals(OptionalLong.empty(), cpu.weight());
        assertEquals(OptionalDouble.of(0.5), cpu.cpus());
        assertEquals(new CpuStats.Throttling(40, 7, 123456789), cpu.throttling());

        MemoryStats mem = s.memory().orElseThrow();
        assertEquals(20971520L, mem.rawUsageBytes());
        assertEquals(20971520L - 6291456L, mem.usageBytes()); // minus total_inactive_file, as docker shows it
        assertEquals(12582912L, mem.rssBytes());
        assertEquals(5000L, mem.pageFaults());
        assertEquals(3L, mem.majorPageFaults());
        assertEquals(67108864L, mem.limitBytes());
        assertTrue(mem.limited());
        assertEquals(OptionalLong.of(2), mem.oomKills());

        assertEquals(new PidsStats(3, OptionalLong.of(100)), s.pids().orElseThrow());
    }

    @Test
    void noMemoryLimitIsReportedAsTheHostsMemory() {
        tree.write(MEM + "memory.limit_in_bytes", "9223372036854771712\n"); // PAGE_COUNTER_MAX pages of 4 KiB
        MemoryStats mem = cg.stats(C).memory().orElseThrow();
        assertEquals(FakeTree.HOST_MEMORY, mem.limitBytes());
        assertFalse(mem.limited());
    }

    @Test
    void aLimitAboveTheHostsMemoryIsReportedAsTheHostsMemory() {
        tree.write(MEM + "memory.limit_in_bytes", Long.toString(FakeTree.HOST_MEMORY * 4));
        MemoryStats mem = cg.stats(C).memory().orElseThrow();
        assertEquals(FakeTree.HOST_MEMORY, mem.limitBytes());
        assertFalse(mem.limited());
    }

    @Test
    void unlimitedCpuAndPidsAreEmpty() {
        tree.write(CPU + "cpu.cfs_quota_us", "-1\n").write(PIDS + "pids.max", "max\n");
        CgroupStats s = cg.stats(C);
        assertEquals(OptionalLong.empty(), s.cpu().orElseThrow().quotaMicros());
        assertEquals(OptionalDouble.empty(), s.cpu().orElseThrow().cpus());
        assertEquals(OptionalLong.empty(), s.pids().orElseThrow().limit());
    }

    @Test
    void inactiveFileAboveUsageLeavesTheRawUsage() {
        // The counters are read one after another, so they can disagree; docker keeps the raw value then.
        tree.write(MEM + "memory.stat", "total_inactive_file 99999999\n");
        assertEquals(20971520L, cg.stats(C).memory().orElseThrow().usageBytes());
    }

    @Test
    void kernelsBefore413HaveNoOomKillCount() {
        tree.write(MEM + "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n");
        assertEquals(OptionalLong.empty(), cg.stats(C).memory().orElseThrow().oomKills());
    }

    @Test
    void oldKernelsGiveUserAndSystemTimeInTicks() {
        tree.write(ACCT + "cpuacct.stat", "user 30\nsystem 7\n");
        deleteFile(ACCT + "cpuacct.usage_user");
        deleteFile(ACCT + "cpuacct.usage_sys");
        CpuStats cpu = cg.stats(C).cpu().orElseThrow();
        assertEquals(300_000_000L, cpu.userNanos()); // USER_HZ is 100
        assertEquals(70_000_000L, cpu.systemNanos());
    }

    @Test
    void aControllerWithoutTheCgroupGivesAnEmptyGroup() {
        deleteFile(PIDS + "pids.current");
        deleteFile(PIDS + "pids.max");
        deleteFile(PIDS + "cgroup.procs");
        CgroupStats s = cg.stats(C);
        assertEquals(Optional.empty(), s.pids());
        assertTrue(s.memory().isPresent());
    }

    @Test
    void joinedCpuAndCpuacctReadFromTheSameDirectory() {
        String dir = "sys/fs/cgroup/cpu,cpuacct/hako/c1/";
        tree.write(dir + "cpuacct.usage", "5\n").write(dir + "cpu.shares", "1024\n")
                .write(dir + "cpu.cfs_quota_us", "-1\n").write(dir + "cpu.cfs_period_us", "100000\n");
        CpuStats cpu = Cgroups.of(FakeTree.V1_JOINED_MOUNTINFO, root).stats(C).cpu().orElseThrow();
        assertEquals(5L, cpu.usageNanos());
        assertEquals(OptionalLong.of(1024), cpu.shares());
    }

    @Test
    void aMissingCgroupIsNotFound() {
        HakoException e = assertThrows(HakoException.class, () -> cg.stats("/hako/nope"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("cgroup /hako/nope not found", e.getMessage());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> cg.processes("/hako/nope")).kind());
        assertFalse(cg.exists("/hako/nope"));
    }

    @Test
    void unexpectedContentNamesTheFile() {
        tree.write(MEM + "memory.usage_in_bytes", "lots\n");
        HakoException e = assertThrows(HakoException.class, () -> cg.stats(C));
        assertEquals(ErrorKind.INTERNAL, e.kind());
        assertTrue(e.getMessage().contains("memory.usage_in_bytes") && e.getMessage().contains("lots"), e.getMessage());
    }

    @Test
    void processesComeFromThePidsHierarchyFirst() {
        tree.write(MEM + "cgroup.procs", "1\n");
        assertEquals(List.of(4242L, 4250L), cg.processes(C));
    }

    @Test
    void existsInAnyHierarchy() {
        assertTrue(cg.exists(C));
        tree.mkdir("sys/fs/cgroup/systemd/hako/only-named");
        assertTrue(cg.exists("/hako/only-named"));
        // Not where stats are kept, so stats has nothing to read.
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> cg.stats("/hako/only-named")).kind());
    }

    private void deleteFile(String relative) {
        try {
            Files.delete(tree.path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
