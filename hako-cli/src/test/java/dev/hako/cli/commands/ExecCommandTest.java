package dev.hako.cli.commands;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.ExecInput;
import dev.hako.api.v1.ExecOutput;
import dev.hako.api.v1.ExecStart;
import dev.hako.api.v1.TerminalSize;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeContainers;
import dev.hako.cli.FakeDaemon;
import dev.hako.cli.FakeTerminal;
import dev.hako.cli.FakeTty;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecCommandTest {
    @TempDir
    Path dir;
    private final FakeContainers containers = new FakeContainers();
    private FakeDaemon daemon;
    private CliRunner hako;

    @BeforeEach
    void start() throws Exception {
        daemon = FakeDaemon.start(dir, containers);
        hako = new CliRunner().socket(daemon.socket());
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private ExecStart sent() {
        return containers.execInputs.getFirst().getStart();
    }

    @Test
    void execSendsTheStartAndExitsWithTheProcessCode() {
        containers.execOutput.add(ExecOutput.newBuilder().setStdout(ByteString.copyFromUtf8("root\n")).build());
        containers.execOutput.add(ExecOutput.newBuilder().setStderr(ByteString.copyFromUtf8("warn\n")).build());
        containers.execExitCode = 42;
        Result r = hako.env("FROM_CLI", "yes").run("exec", "-u", "nobody", "-e", "A=1", "-e", "FROM_CLI", "-w", "/tmp",
                "--privileged", "web", "sh", "-c", "id -un; exit 42");
        assertEquals(42, r.status(), r::toString);
        assertEquals("root\n", r.out());
        assertEquals("warn\n", r.err());
        ExecStart start = sent();
        assertEquals("web", start.getContainer());
        assertEquals(List.of("sh", "-c", "id -un; exit 42"), start.getCmdList());
        assertEquals(List.of("A=1", "FROM_CLI=yes"), start.getEnvList());
        assertEquals("nobody", start.getUser());
        assertEquals("/tmp", start.getWorkingDir());
        assertTrue(start.getPrivileged());
        assertFalse(start.getTty());
        assertFalse(start.getStdin());
        assertFalse(start.hasSize());
    }

    @Test
    void interactiveExecStreamsStdinThenClosesIt() {
        Result r = hako.stdin("abc").run("exec", "-i", "web", "cat");
        assertEquals(0, r.status(), r::toString);
        assertEquals("abc", r.out());
        assertTrue(sent().getStdin());
        List<ExecInput> inputs = containers.execInputs;
        assertEquals(ExecInput.InputCase.STDIN, inputs.get(1).getInputCase());
        assertEquals(ExecInput.InputCase.CLOSE_STDIN, inputs.getLast().getInputCase());
    }

    @Test
    void terminalExecStartsWithTheWindowSizeAndRestoresTheTerminal() {
        FakeTty tty = new FakeTty();
        tty.size = new dev.hako.cli.tty.TtySize(50, 132);
        Result r = hako.terminal(FakeTerminal.withTty(tty)).stdin("exit\n").run("exec", "-it", "web", "sh");
        assertEquals(0, r.status(), r::toString);
        assertTrue(sent().getTty());
        assertEquals(TerminalSize.newBuilder().setRows(50).setCols(132).build(), sent().getSize());
        assertEquals(List.of("raw", "listen", "unlisten", "restore"), tty.calls);
    }

    @Test
    void detachedExecReturnsOnceTheProcessRuns() throws Exception {
        containers.execExitCode = 9;
        Result r = hako.run("exec", "-d", "web", "sleep", "100");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out());
        assertFalse(sent().getStdin());
    }

    @Test
    void noSuchContainerExitsOne() {
        containers.missingContainers.add("nope");
        Result r = hako.run("exec", "nope", "true");
        assertEquals(1, r.status());
        assertEquals("Error response from daemon: No such container: nope\n", r.err());
    }

    @Test
    void aCommandThatCannotRunExits126() {
        containers.execError = Status.FAILED_PRECONDITION.withDescription(
                "OCI runtime exec failed: exec: \"nope\": executable file not found in $PATH").asRuntimeException();
        Result r = hako.run("exec", "web", "nope");
        assertEquals(126, r.status());
        assertEquals("Error response from daemon: OCI runtime exec failed: exec: \"nope\": executable file not found in $PATH\n",
                r.err());
    }

    @Test
    void aCommandIsRequired() {
        Result r = hako.run("exec", "web");
        assertEquals(125, r.status());
        assertTrue(r.err().endsWith("See 'hako exec --help'.\n"), r::toString);
    }

    @Test
    void interactiveTerminalNeedsATerminal() {
        Result r = hako.run("exec", "-it", "web", "sh");
        assertEquals(1, r.status());
        assertEquals("the input device is not a TTY\n", r.err());
    }
}
