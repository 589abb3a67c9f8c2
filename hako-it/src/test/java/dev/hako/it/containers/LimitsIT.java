package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.testkit.daemon.CliResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Memory, CPU and pids limits from inside the container, in stats and inspect; OOM kills. */
class LimitsIT extends ContainerTestBase {

    @Test
    void limitsAreVisibleInsideTheContainer() {
        CliResult r = sh(List.of("--memory", "64m", "--cpus", "0.5", "--pids-limit", "42"),
                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max "
                        + "/sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us");
        assertEquals(List.of("67108864", "42", "50000", "100000"), r.requireSuccess().stdout().lines().toList());
    }

    @Test
    void statsAndInspectShowTheLimits() throws Exception {
        String id = hako("run", "-d", "--memory", "32m", "--pids-limit", "20", IMAGE, "sleep", "300")
                .requireSuccess().stdout().strip();
        try {
            JsonNode host = inspect(id).path("HostConfig");
            assertEquals(32 << 20, host.path("Memory").asLong());
            assertEquals(20, host.path("PidsLimit").asLong());
            CliResult stats = hako("stats", "--no-stream", id).requireSuccess();
            String line = stats.stdout().lines().filter(l -> l.startsWith(id.substring(0, 12))).findFirst().orElseThrow();
            assertTrue(line.contains("/ 32MiB"), line);
            assertTrue(line.trim().endsWith(" 1"), "one process: " + line);
        } finally {
            hako("rm", "-f", id);
        }
        leftovers(id).assertNone();
    }

    @Test
    void statsChangeWhenTheContainerWorks() {
        String id = hako("run", "-d", "--memory", "64m", IMAGE, "sh", "-c", "while true; do :; done")
                .requireSuccess().stdout().strip();
        try {
            CliResult stats = hako("stats", "--no-stream", id).requireSuccess();
            String line = stats.stdout().lines().filter(l -> l.startsWith(id.substring(0, 12))).findFirst().orElseThrow();
            double cpu = Double.parseDouble(line.split("\\s+")[2].replace("%", ""));
            assertTrue(cpu > 10, "a busy loop uses CPU: " + line);
        } finally {
            hako("rm", "-f", id);
        }
    }

    @Test
    void anOomKillIsReportedAsOomKilledWith137() throws Exception {
        CliResult r = hako("run", "--name", "oom", "--memory", "16m", IMAGE, "sh", "-c", "tail /dev/zero");
        assertEquals(137, r.exitCode(), r.toString());
        JsonNode state = inspect("oom").path("State");
        assertTrue(state.path("OOMKilled").asBoolean(), state.toString());
        assertEquals(137, state.path("ExitCode").asInt());
        hako("rm", "oom").requireSuccess();
    }

    @Test
    void impossibleLimitsAreRefused() {
        String before = hako("ps", "-aq").stdout();
        CliResult tooSmall = hako("run", "--rm", "--memory", "1k", IMAGE, "true");
        assertEquals(125, tooSmall.exitCode(), tooSmall.toString());
        assertTrue(tooSmall.stderr().contains("Minimum memory limit allowed is 6MB")
                || tooSmall.stderr().contains("memory"), tooSmall.toString());
        CliResult cpus = hako("run", "--rm", "--cpus", "-1", IMAGE, "true");
        assertTrue(cpus.exitCode() != 0, cpus.toString());
        assertEquals(before, hako("ps", "-aq").stdout(), "a refused container was kept");
    }
}
