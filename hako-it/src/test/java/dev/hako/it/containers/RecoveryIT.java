package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.testkit.daemon.CliResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of hakod while containers run: conmon keeps them; the next hakod finds them running
 * and manageable, and records the real exit code and time of those that ended meanwhile.
 */
class RecoveryIT extends ContainerTestBase {

    @Test
    void containersSurviveAKilledHakodAndStayManageable() throws Exception {
        String ticker = hako("run", "-d", "--name", "ticker", IMAGE, "sh", "-c",
                "trap 'exit 0' TERM; while true; do echo tick; sleep 0.2; done").requireSuccess().stdout().strip();
        // "short" exits when the test says so, once hakod is gone: a fixed sleep raced the kill on a loaded machine.
        java.nio.file.Path signal = java.nio.file.Files.createTempDirectory("hako-it-recovery-");
        String shortLived = hako("run", "-d", "--name", "short", "-v", signal + ":/signal", IMAGE, "sh", "-c",
                "while [ ! -e /signal/exit ]; do sleep 0.1; done; exit 7").requireSuccess().stdout().strip();
        long tickerPid = inspect(ticker).path("State").path("Pid").asLong();
        long shortPid = inspect(shortLived).path("State").path("Pid").asLong();

        hakod.kill9();
        Instant killedAt = Instant.now();
        java.nio.file.Files.createFile(signal.resolve("exit"));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (java.nio.file.Files.exists(java.nio.file.Path.of("/proc", Long.toString(shortPid)))) {
            assertTrue(System.nanoTime() < deadline, "\"short\" did not exit");
            Thread.sleep(50);
        }
        assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc", Long.toString(tickerPid))),
                "the container died with hakod");
        hakod.restart();

        JsonNode tick = inspect("ticker").path("State");
        assertEquals("running", tick.path("Status").asText());
        assertEquals(tickerPid, tick.path("Pid").asLong());
        JsonNode ended = inspect("short").path("State");
        assertEquals("exited", ended.path("Status").asText());
        assertEquals(7, ended.path("ExitCode").asInt());
        Instant finished = Instant.parse(ended.path("FinishedAt").asText());
        assertTrue(finished.isAfter(killedAt) && finished.isBefore(Instant.now()),
                "the exit time is when it exited, not when hakod noticed: " + finished);

        assertTrue(hako("logs", "--tail", "1", "ticker").requireSuccess().stdout().startsWith("tick"));
        assertEquals("still here\n", hako("exec", "ticker", "echo", "still here").requireSuccess().stdout());
        CliResult ps = hako("ps").requireSuccess();
        assertTrue(ps.stdout().contains("ticker"), ps.stdout());

        hako("stop", "ticker").requireSuccess();
        assertEquals("0", hako("wait", "ticker").requireSuccess().stdout().strip());
        hako("rm", "ticker", "short").requireSuccess();
        leftovers(ticker).assertNone();
        leftovers(shortLived).assertNone();
        dev.hako.sys.FileTrees.deleteRecursively(signal);
    }

    @Test
    void anExitWhileHakodIsStoppedNormallyIsRecordedToo() throws Exception {
        String id = hako("run", "-d", IMAGE, "sh", "-c", "sleep 1; exit 4").requireSuccess().stdout().strip();
        hakod.stop();
        Thread.sleep(2000);
        hakod.restart();
        assertEquals("4", hako("wait", id).requireSuccess().stdout().strip());
        hako("rm", id).requireSuccess();
        leftovers(id).assertNone();
    }
}
