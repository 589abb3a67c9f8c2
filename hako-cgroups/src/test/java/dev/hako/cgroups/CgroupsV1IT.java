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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real v1 cgroups on this host (root): limits written, processes moved in, counters read, removal. */
class CgroupsV1IT {
    private static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu", "cpuacct");

    Cgroups cg;
    TestCgroup test;
    Process process;

    @BeforeEach
    void host() {
        TestCgroup.requireRoot();
        cg = Cgroups.detect();
        if (cg.version() == CgroupVersion.V2) {
            throw new IllegalStateException("these tests need cgroup v1 controllers, and this host is unified v2 "
                    + "(V2StatsTest covers v2 over a fake tree)");
        }
        for (String c : CONTROLLERS) {
            if (cg.mountPoint(c).isEmpty()) {
                throw new IllegalStateException("the cgroup v1 " + c + " controller is not mounted: " + cg);
            }
        }
        test = new TestCgroup(cg.hierarchies());
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        try {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (test != null) {
                test.close();
            }
        }
    }

    private Path dir(String controller, String path) {
        return test.mkdir(cg.mountPoint(controller).orElseThrow(), path);
    }

    /** Starts a shell that moves itself into each cgroup.procs file, then runs {@code script}. */
    private Process shellIn(List<Path> dirs, String script) throws IOException {
        StringBuilder command = new StringBuilder("for f in \"$@\"; do echo $$ > \"$f\" || exit 99; done; ").append(script);
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", command.toString(), "sh"));
        dirs.forEach(d -> argv.add(d.resolve("cgroup.procs").toString()));
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void thisHostIsHybridWithEachControllerAlone() {
        // A fact the runtime depends on (runc, not crun, here); a different host fails this test on purpose.
        assertEquals(CgroupVersion.HYBRID, cg.version(), cg.toString());
        assertTrue(Files.isRegularFile(cg.mountPoint("memory").orElseThrow().resolve("memory.limit_in_bytes")));
        assertTrue(Files.isRegularFile(cg.mountPoint("cpuacct").orElseThrow().resolve("cpuacct.usage")));
        assertTrue(Files.isRegularFile(cg.unifiedMountPoint().orElseThrow().resolve("cgroup.procs")));
    }

    @Test
    void statsReadUsageLimitsAndPidsThenRemoveWaitsForTheKilledProcesses() throws Exception {
        String path = Cgroups.containerPath(test.parent, "c1");
        Path mem = dir("memory", path);
        Path pids = dir("pids", path);
        Path cpu = dir("cpu", path);
        Path acct = dir("cpuacct", path);
        TestCgroup.write(mem.resolve("memory.limit_in_bytes"), "67108864");
        TestCgroup.write(pids.resolve("pids.max"), "20");
        TestCgroup.write(cpu.resolve("cpu.cfs_quota_us"), "50000");
        TestCgroup.write(cpu.resolve("cpu.shares"), "512");

        // The shell holds a 4 MB string (charged here, as it is allocated after the move) and waits on sleep.
        process = shellIn(List.of(mem, pids, cpu, acct), "x=$(head -c 4000000 /dev/zero | tr '\\0' a); sleep 60");
        waitFor("the shell and its sleep in " + path, () -> {
            CgroupStats s = cg.stats(path);
            return cg.processes(path).size() == 2 && s.pids().orElseThrow().current() == 2
                    && s.memory().orElseThrow().usageBytes() >= 4_000_000;
        });

        CgroupStats s = cg.stats(path);
        MemoryStats m = s.memory().orElseThrow();
        assertEquals(67108864L, m.limitBytes());
        assertTrue(m.limited());
        assertTrue(m.usageBytes() >= 4_000_000 && m.usageBytes() < 67108864L, m.toString());
        assertTrue(m.rawUsageBytes() >= m.usageBytes(), m.toString());
        assertTrue(m.rssBytes() >= 4_000_000, m.toString());
        assertEquals(OptionalLong.of(0), m.oomKills()); // kernel 6.x reports oom_kill

        CpuStats c = s.cpu().orElseThrow();
        assertTrue(c.usageNanos() > 0, c.toString());
        assertTrue(c.userNanos() + c.systemNanos() > 0, c.toString());
        assertEquals(OptionalLong.of(50000), c.quotaMicros());
        assertEquals(OptionalLong.of(100000), c.periodMicros());
        assertEquals(OptionalLong.of(512), c.shares());
        assertEquals(OptionalDouble.of(0.5), c.cpus());

        assertEquals(new PidsStats(2, OptionalLong.of(20)), s.pids().orElseThrow());
        List<Long> procs = cg.processes(path);
        assertTrue(procs.contains(process.pid()), procs + " lacks the shell " + process.pid());
        long sleepPid = process.children().findFirst().orElseThrow().pid();
        assertTrue(procs.contains(sleepPid), procs + " lacks the sleep " + sleepPid);

        // Running processes keep the cgroup: removal gives up after its timeout and names them.
        HakoException busy = assertThrows(HakoException.class, () -> cg.remove(path, Duration.ofMillis(200)));
        assertEquals(ErrorKind.FAILED_PRECONDITION, busy.kind());
        assertTrue(busy.getMessage().contains(Long.toString(process.pid())), busy.getMessage());
        assertTrue(cg.exists(path));

        // Kill and remove at once: rmdir gets EBUSY until the processes are gone, and retries.
        for (long pid : cg.processes(path)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertTrue(cg.remove(path));
        assertFalse(cg.exists(path));
        assertEquals(List.of(), cg.directories(path));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> cg.stats(path)).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> cg.processes(path)).kind());
        assertTrue(cg.exists(test.parent), "the parent stays: only the container's cgroup is removed");
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void removeTakesTheCgroupOutOfEveryHierarchyChildrenFirst() {
        String path = Cgroups.containerPath(test.parent, "c2");
        for (Path h : cg.hierarchies()) {
            test.mkdir(h, path + "/inner/deeper");
        }
        String sibling = Cgroups.containerPath(test.parent, "c3");
        test.mkdir(cg.mountPoint("memory").orElseThrow(), sibling);
        // cpuset, devices, name=systemd and the cgroup2 mount included, as runc makes them all.
        assertEquals(cg.hierarchies().size(), cg.directories(path).size());

        assertTrue(cg.remove(path));

        assertEquals(List.of(), cg.directories(path));
        assertTrue(cg.exists(sibling));
        assertFalse(cg.remove(path));
    }

    @Test
    void anOomKillIsCounted() throws Exception {
        String path = Cgroups.containerPath(test.parent, "oom");
        Path mem = dir("memory", path);
        TestCgroup.write(mem.resolve("memory.limit_in_bytes"), "33554432");
        if (Files.exists(mem.resolve("memory.memsw.limit_in_bytes"))) {
            TestCgroup.write(mem.resolve("memory.memsw.limit_in_bytes"), "33554432"); // no escape into swap
        }
        assertEquals(OptionalLong.of(0), cg.stats(path).memory().orElseThrow().oomKills());

        // tail keeps the last "line" of /dev/zero, which never ends: it grows until the kernel kills it.
        process = shellIn(List.of(mem), "exec tail /dev/zero");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tail /dev/zero was not OOM-killed within a minute");
        assertEquals(137, process.exitValue(), "128 + SIGKILL");

        MemoryStats m = cg.stats(path).memory().orElseThrow();
        assertEquals(OptionalLong.of(1), m.oomKills(), m.toString());
        assertEquals(List.of(), cg.processes(path));
        assertTrue(cg.remove(path));
    }

    static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TestCgroup.sleep(20);
        }
    }
}
