package dev.hako.cli.commands;

import dev.hako.api.v1.KillContainerRequest;
import dev.hako.api.v1.RemoveContainerRequest;
import dev.hako.api.v1.RestartContainerRequest;
import dev.hako.api.v1.StopContainerRequest;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeContainers;
import dev.hako.cli.FakeDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** stop, kill, restart, rm, wait, start: one call per container, errors per container, docker's exit codes. */
class LifecycleCommandsTest {
    @TempDir
    Path dir;
    private final FakeContainers containers = new FakeContainers();
    private FakeDaemon daemon;
    private CliRunner hako;

    @BeforeEach
    void start() throws Exception {
        daemon = FakeDaemon.start(dir, containers);
        hako = new CliRunner().socket(daemon.socket());
        containers.missingContainers.add("ghost");
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void stopPrintsEachAsGivenAndTheErrorsAfter() {
        Result r = hako.run("stop", "-t", "3", "web", "ghost", "4f3c2b1a0e9d");
        assertEquals(1, r.status());
        assertEquals("web\n4f3c2b1a0e9d\n", r.out());
        assertEquals("Error response from daemon: No such container: ghost\n", r.err());
        assertEquals(List.of("web", "ghost", "4f3c2b1a0e9d"), containers.requests.stream()
                .map(q -> ((StopContainerRequest) q).getContainer()).toList());
        assertEquals(3, ((StopContainerRequest) containers.requests.getFirst()).getTimeout());
    }

    @Test
    void stopWithoutTimeoutLeavesItToTheDaemon() {
        assertEquals(0, hako.run("stop", "web").status());
        assertEquals(-1, ((StopContainerRequest) containers.requests.getFirst()).getTimeout());
    }

    @Test
    void killSendsTheSignalAsGiven() {
        Result r = hako.run("kill", "-s", "HUP", "web");
        assertEquals(0, r.status());
        assertEquals("web\n", r.out());
        assertEquals("HUP", ((KillContainerRequest) containers.requests.getFirst()).getSignal());
        hako.run("kill", "web");
        assertEquals("", ((KillContainerRequest) containers.requests.getLast()).getSignal());
    }

    @Test
    void restart() {
        Result r = hako.run("restart", "--time", "0", "web", "db");
        assertEquals(0, r.status());
        assertEquals("web\ndb\n", r.out());
        assertEquals(0, ((RestartContainerRequest) containers.requests.getFirst()).getTimeout());
    }

    @Test
    void rmReportsEachFailureAndExitsOne() {
        Result r = hako.run("rm", "web", "running", "ghost");
        assertEquals(1, r.status());
        assertEquals("web\n", r.out());
        assertEquals("""
                Error response from daemon: cannot remove container "running": container is running: stop the container before removing or force remove
                Error response from daemon: No such container: ghost
                """, r.err());
    }

    @Test
    void rmForceIgnoresMissingContainersAsDockerDoes() {
        Result r = hako.run("rm", "-fv", "running", "ghost");
        assertEquals(0, r.status(), r::toString);
        assertEquals("running\n", r.out());
        assertEquals("Error response from daemon: No such container: ghost\n", r.err());
        assertTrue(((RemoveContainerRequest) containers.requests.getFirst()).getForce());
    }

    @Test
    void waitPrintsExitCodes() {
        containers.exitCode = 137;
        Result r = hako.run("wait", "web", "ghost");
        assertEquals(1, r.status());
        assertEquals("137\n", r.out());
        assertEquals("Error response from daemon: No such container: ghost\n", r.err());
    }

    @Test
    void startPrintsEachAndNamesTheFailuresLast() {
        Result r = hako.run("start", "web", "ghost", "db");
        assertEquals(1, r.status());
        assertEquals("web\ndb\n", r.out());
        assertEquals("Error response from daemon: No such container: ghost\nError: failed to start containers: ghost\n", r.err());
    }

    @Test
    void startAttachedUsesTheContainersTerminalSettings() {
        containers.inspectJson.put("web", "{\"Id\":\"x\",\"Config\":{\"Tty\":false,\"OpenStdin\":true}}");
        containers.echoStdin = true;
        containers.exitCode = 5;
        Result r = hako.stdin("ping\n").run("start", "-ai", "web");
        assertEquals(5, r.status(), r::toString);
        assertEquals("ping\n", r.out());
        assertEquals(List.of("attach", "start"), containers.events);
        assertTrue(containers.attachInputs.getFirst().getStart().getStdin());
    }

    @Test
    void startAttachesToOneContainerOnly() {
        Result r = hako.run("start", "-a", "web", "db");
        assertEquals(1, r.status());
        assertEquals("you cannot start and attach multiple containers at once\n", r.err());
    }

    @Test
    void startAttachedToAMissingContainerIsADaemonError() {
        Result r = hako.run("start", "-a", "ghost");
        assertEquals(1, r.status());
        assertEquals("Error response from daemon: No such container: ghost\n", r.err());
    }
}
