package dev.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v2 code on a real cgroup2 file system. This host cannot run unified v2, but its hybrid
 * layout mounts a real, nearly empty cgroup2 beside v1: seen alone, it is a V2 host whose cpu,
 * memory and pids controllers are not enabled. That checks the kernel's own files (cpu.stat,
 * cgroup.procs, rmdir's EBUSY) against the v2 reader; limits are covered by {@code V2StatsTest}.
 */
class UnifiedBesideV1IT {
    Cgroups unified;
    TestCgroup test;
    Process process;

    @BeforeEach
    void host() throws Exception {
        TestCgroup.requireRoot();
        String cgroup2Only = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(" - cgroup2 "))
                .collect(Collectors.joining("\n"));
        if (cgroup2Only.isEmpty()) {
            throw new IllegalStateException("this host mounts no cgroup2; the test needs the hybrid layout's cgroup2 mount");
        }
        unified = Cgroups.of(cgroup2Only, Path.of("/"));
        test = new TestCgroup(unified.hierarchies());
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

    @Test
    void readsCpuAndProcessesFromRealCgroup2FilesAndRemovesTheCgroup() throws Exception {
        assertEquals(CgroupVersion.V2, unified.version());
        String path = Cgroups.containerPath(test.parent, "c1");
        Path dir = test.mkdir(unified.unifiedMountPoint().orElseThrow(), path);

        String procs = dir.resolve("cgroup.procs").toString();
        process = new ProcessBuilder("/bin/sh", "-c",
                "echo $$ > \"$1\" || exit 99; head -c 50000000 /dev/zero | tr '\\0' a > /dev/null; sleep 60", "sh", procs)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CgroupsV1IT.waitFor("the shell and its sleep in " + path, () -> unified.processes(path).size() == 2);

        CgroupStats s = unified.stats(path);
        CpuStats cpu = s.cpu().orElseThrow();
        // The 50 MB through tr ran in this cgroup: the core cpu.stat counts it without the cpu controller.
        assertTrue(cpu.usageNanos() > 0 && cpu.usageNanos() % 1000 == 0, cpu.toString());
        assertTrue(cpu.userNanos() + cpu.systemNanos() > 0, cpu.toString());
        assertTrue(cpu.quotaMicros().isEmpty() && cpu.weight().isEmpty(), "no cpu controller here: " + cpu);
        assertEquals(Optional.empty(), s.memory(), "memory is a v1 controller on this host");
        assertEquals(Optional.empty(), s.pids(), "pids is a v1 controller on this host");
        assertTrue(unified.processes(path).contains(process.pid()));

        HakoException busy = assertThrows(HakoException.class, () -> unified.remove(path, Duration.ofMillis(200)));
        assertEquals(ErrorKind.FAILED_PRECONDITION, busy.kind());
        assertTrue(busy.getMessage().contains("Device or resource busy"), busy.getMessage());

        for (long pid : unified.processes(path)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertTrue(unified.remove(path));
        assertFalse(unified.exists(path));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> unified.stats(path)).kind());
        assertEquals(List.of(), unified.directories(path));
    }
}
