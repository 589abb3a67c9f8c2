package dev.hako.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.sys.FileDescriptors;
import dev.hako.sys.Pty;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciRuntimeCliTest {
    @TempDir
    Path dir;

    private static final String STATE_JSON = """
            {"ociVersion":"1.0.2-dev","id":"c1","pid":4242,"status":"running","bundle":"/run/b/c1",\
            "rootfs":"/run/b/c1/rootfs","created":"2026-01-01T00:00:00Z","owner":"","annotations":{"x":"y"}}""";
    private static final String NOT_EXIST =
            "echo 'time=\"2026-01-01T00:00:00Z\" level=error msg=\"container does not exist\"' >&2; exit 1";

    @Test
    void stateRunsWithRootAndConfiguredArgsAndParsesTheJson() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "*\" state c1\") echo '" + STATE_JSON + "' ;;");
        OciRuntimeCli runc = fake.handler(Path.of("/run/hako/fake"), List.of("--debug"));
        assertEquals(new ContainerState("c1", "running", 4242, Path.of("/run/b/c1")), runc.state("c1"));
        assertTrue(runc.state("c1").running());
        assertEquals(List.of("--root /run/hako/fake --debug state c1", "--root /run/hako/fake --debug state c1"),
                fake.calls());
        assertEquals(List.of("--root", "/run/hako/fake", "--debug"), runc.globalArgs());
    }

    @Test
    void anUnknownContainerIsNotFoundWithTheRuntimesWords() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "*\" state nope\"|*\" kill nope 15\") " + NOT_EXIST + " ;;");
        OciRuntimeCli runc = fake.handler(dir.resolve("root"), List.of());
        HakoException e = assertThrows(HakoException.class, () -> runc.state("nope"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("fake state nope: container does not exist", e.getMessage());
        RuntimeFailure kill = assertThrows(RuntimeFailure.class, () -> runc.kill("nope", 15, false));
        assertEquals(ErrorKind.NOT_FOUND, kill.kind());
        assertEquals("kill", kill.operation());
        assertEquals(1, kill.exitCode());
        assertEquals("container does not exist", kill.detail());
    }

    @Test
    void deletingAnUnknownContainerIsNotAnError() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "*\"delete --force gone\"|*\"delete gone\") " + NOT_EXIST + " ;;\n"
                + "*\"delete --force c1\") ;;");
        OciRuntimeCli runc = fake.handler(null, List.of());
        runc.delete("gone", true);
        runc.delete("gone", false);
        runc.delete("c1", true);
        assertEquals(List.of("delete --force gone", "delete gone", "delete --force c1"), fake.calls());
    }

    @Test
    void killPassesAllAndTheSignalNumberAndAStoppedContainerIsAPreconditionFailure() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "*\"kill --all c1 9\") ;;\n"
                + "*\"kill c2 15\") echo 'time=\"x\" level=error msg=\"container not running\"' >&2; exit 1 ;;");
        OciRuntimeCli runc = fake.handler(null, List.of());
        runc.kill("c1", 9, true);
        HakoException e = assertThrows(HakoException.class, () -> runc.kill("c2", 15, false));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals("fake kill c2: container not running", e.getMessage());
    }

    @Test
    void psListsPidsAndNullMeansNone() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "*\"ps --format json c1\") echo '[12,34]' ;;\n"
                + "*\"ps --format json c2\") echo 'null' ;;");
        OciRuntimeCli runc = fake.handler(null, List.of());
        assertEquals(List.of(12, 34), runc.processes("c1"));
        assertEquals(List.of(), runc.processes("c2"));
    }

    @Test
    void startAndUpdatePassTheirArguments() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "*\"start c1\") ;;\n*\"update --resources /r.json c1\") ;;");
        OciRuntimeCli runc = fake.handler(null, List.of());
        runc.start("c1");
        runc.update("c1", Path.of("/r.json"));
        assertEquals(List.of("start c1", "update --resources /r.json c1"), fake.calls());
    }

    @Test
    void createSendsTheRuntimesLogAsTheErrorAndGivesTheContainerNoPipes() throws Exception {
        // The fake finds --log FILE among its arguments and writes runc's JSON error there.
        FakeRuntime fake = new FakeRuntime(dir, """
                *" create --bundle /b --pid-file /p bad")
                  while [ "$1" != "--log" ]; do shift; done
                  echo '{"level":"error","msg":"runc create failed: unable to start container process: exec: \\"nope\\": executable file not found in $PATH","time":"x"}' > "$2"
                  exit 1 ;;
                *" create --bundle /b --pid-file /p good") out=$(readlink /proc/$$/fd/1); echo "$out" > '%s' ;;""".formatted(dir.resolve("stdout-of-good")));
        OciRuntimeCli runc = fake.handler(null, List.of());
        runc.create("good", Path.of("/b"), Path.of("/p"));
        assertEquals("/dev/null\n", java.nio.file.Files.readString(dir.resolve("stdout-of-good")));
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> runc.create("bad", Path.of("/b"), Path.of("/p")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("fake create bad: unable to start container process: exec: \"nope\": "
                + "executable file not found in $PATH", e.getMessage());
        assertEquals("runc create failed: unable to start container process: exec: \"nope\": "
                + "executable file not found in $PATH", e.detail());
        assertTrue(fake.calls().getFirst().startsWith("--log /"), fake.calls().toString());
        assertTrue(fake.calls().getFirst().endsWith("--log-format json create --bundle /b --pid-file /p good"));
    }

    @Test
    void execWithPipesHandsTheCallerTheProcessStdio() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir,
                "*\"exec --process /p.json --pid-file /p.pid c1\") cat; echo err >&2; exit 7 ;;");
        Process p = fake.handler(null, List.of()).exec("c1", Path.of("/p.json"), Path.of("/p.pid"),
                RuntimeHandler.ExecIo.PIPES);
        p.getOutputStream().write("input".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertEquals("input", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("err\n", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(7, p.waitFor());
    }

    @Test
    void execWithATerminalGivesTheRuntimeTheTerminalAsStdio() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir,
                "*\"exec --process /p.json --pid-file /p.pid -t c1\") [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-terminals ;;");
        try (Pty pty = Pty.open()) {
            int slave = pty.openSlave();
            Process p = fake.handler(null, List.of()).exec("c1", Path.of("/p.json"), Path.of("/p.pid"),
                    new RuntimeHandler.ExecIo(slave));
            assertEquals(0, p.waitFor());
            FileDescriptors.close(slave);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            int n;
            while ((n = pty.read(buffer, 0, buffer.length)) > 0) {
                out.write(buffer, 0, n);
            }
            assertEquals("all-terminals\r\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void versionIsTheFirstLine() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "--version) echo 'fake version 1.2.3'; echo 'commit: abc' ;;");
        assertEquals(Optional.of("fake version 1.2.3"), fake.handler(null, List.of()).version());
    }

    @Test
    void aHungRuntimeIsKilledAndReportedUnavailable() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "*\"state slow\") exec sleep 30 ;;");
        OciRuntimeCli runc = new OciRuntimeCli(new HandlerConfig("fake", fake.binary, null, Isolation.NAMESPACES,
                List.of()), Duration.ofMillis(300));
        long start = System.nanoTime();
        HakoException e = assertThrows(HakoException.class, () -> runc.state("slow"));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("fake state slow did not finish within 300ms", e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void aMissingBinaryIsAPreconditionNamingTheHandler() {
        OciRuntimeCli missing = new OciRuntimeCli(new HandlerConfig("kata", Path.of("/nonexistent/kata-runtime"),
                null, Isolation.VM, List.of()));
        assertFalse(missing.binary().isPresent());
        assertEquals(Optional.empty(), missing.version());
        HakoException e = assertThrows(HakoException.class, () -> missing.start("c1"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals("runtime handler kata: /nonexistent/kata-runtime not found (install it, or set path in "
                + "[runtimes.kata] of hako.toml)", e.getMessage());
    }

    @Test
    void anyOtherFailureWithoutWordsNamesTheExitStatus() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "*\"start c1\") exit 3 ;;");
        HakoException e = assertThrows(HakoException.class, () -> fake.handler(null, List.of()).start("c1"));
        assertEquals(ErrorKind.INTERNAL, e.kind());
        assertEquals("fake start c1 failed with exit status 3", e.getMessage());
    }
}
