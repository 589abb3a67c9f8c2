package dev.hako.cli.commands;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.ContainerConfig;
import dev.hako.api.v1.CreateContainerRequest;
import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.PullProgress;
import dev.hako.api.v1.PullRequest;
import dev.hako.api.v1.PullResult;
import dev.hako.api.v1.TerminalSize;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeContainers;
import dev.hako.cli.FakeDaemon;
import dev.hako.cli.FakeTerminal;
import dev.hako.cli.FakeTty;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.hako.cli.FakeContainers.ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `run` and `create` against a fake daemon: what is sent, in which order, and what the user sees. */
class RunCommandTest {
    static final String DIGEST = "sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7";

    @TempDir
    Path dir;
    private final FakeContainers containers = new FakeContainers();
    private final List<String> pulls = new CopyOnWriteArrayList<>();
    private FakeDaemon daemon;
    private CliRunner hako;

    @BeforeEach
    void start() throws Exception {
        daemon = FakeDaemon.start(dir, containers, new ImagesGrpc.ImagesImplBase() {
            @Override
            public void pull(PullRequest request, StreamObserver<PullProgress> response) {
                pulls.add(request.getReference());
                containers.events.add("pull");
                containers.missingImages.remove(request.getReference());
                response.onNext(PullProgress.newBuilder().setStatus("latest: Pulling from library/busybox").build());
                response.onNext(PullProgress.newBuilder().setResult(PullResult.newBuilder()
                        .setReference("docker.io/library/busybox:latest").setDigest(DIGEST)).build());
                response.onCompleted();
            }
        });
        hako = new CliRunner().socket(daemon.socket());
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private ContainerConfig sentConfig() {
        return containers.requests.stream().filter(CreateContainerRequest.class::isInstance)
                .map(r -> ((CreateContainerRequest) r).getConfig()).reduce((a, b) -> b).orElseThrow();
    }

    private void awaitEvent(String event) throws InterruptedException {
        for (int i = 0; i < 500 && !containers.events.contains(event); i++) {
            Thread.sleep(10);
        }
        assertTrue(containers.events.contains(event), containers.events::toString);
    }

    @Test
    void attachedRunCreatesAttachesStartsAndExitsWithTheContainersCode() {
        containers.output.add(AttachOutput.newBuilder().setStdout(ByteString.copyFromUtf8("hello\n")).build());
        containers.output.add(AttachOutput.newBuilder().setStderr(ByteString.copyFromUtf8("oops\n")).build());
        containers.exitCode = 3;
        Result r = hako.run("run", "--rm", "busybox", "sh", "-c", "echo hello; echo oops >&2; exit 3");
        assertEquals(3, r.status(), r::toString);
        assertEquals("hello\n", r.out());
        assertEquals("oops\n", r.err());
        assertEquals(List.of("create", "attach", "start"), containers.events.subList(0, 3));
        ContainerConfig config = sentConfig();
        assertTrue(config.getAutoRemove());
        assertEquals("busybox", config.getImage());
        assertEquals(List.of("sh", "-c", "echo hello; echo oops >&2; exit 3"), config.getCmdList());
        assertFalse(config.getEntrypointSet());
        AttachInput start = containers.attachInputs.getFirst();
        assertEquals(ID, start.getStart().getContainer());
        assertFalse(start.getStart().getStdin());
    }

    @Test
    void everyFlagReachesTheConfig() throws Exception {
        Path envFile = dir.resolve("env");
        Files.writeString(envFile, "# comment\nFROM_FILE=1\n\n  SPACED=a b \nPASSED\nUNSET_HERE\n");
        Path profile = dir.resolve("seccomp.json");
        Files.writeString(profile, "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": []\n}\n");
        Result r = hako.env("PASSED", "from-cli").env("HOME_VAR", "home").run("run", "-d", "--name", "web", "-e", "A=1",
                "-e", "HOME_VAR", "--env-file", envFile.toString(), "-w", "/srv", "-u", "1000:1000",
                "--entrypoint", "/bin/sh", "-v", "/data:/data:ro", "--tmpfs", "/run", "--read-only", "-h", "box",
                "-m", "64m", "--cpus", "0.5", "--pids-limit", "100", "--cap-add", "NET_ADMIN", "--cap-drop", "ALL",
                "--privileged", "--security-opt", "seccomp=" + profile, "--security-opt", "no-new-privileges",
                "--network", "none", "--runtime", "crun", "-l", "tier=web", "-l", "bare", "-i", "-t",
                "busybox", "-c", "ls -l");
        assertEquals(0, r.status(), r::toString);
        assertEquals(ID + "\n", r.out());
        assertEquals(List.of("create", "start"), containers.events);
        ContainerConfig c = sentConfig();
        assertEquals("web", c.getName());
        assertEquals(List.of("FROM_FILE=1", "SPACED=a b ", "PASSED=from-cli", "A=1", "HOME_VAR=home"), c.getEnvList());
        assertEquals("/srv", c.getWorkingDir());
        assertEquals("1000:1000", c.getUser());
        assertTrue(c.getEntrypointSet());
        assertEquals(List.of("/bin/sh"), c.getEntrypointList());
        assertEquals(List.of("-c", "ls -l"), c.getCmdList());
        assertEquals(List.of("/data:/data:ro"), c.getVolumesList());
        assertEquals(List.of("/run"), c.getTmpfsList());
        assertTrue(c.getReadOnly());
        assertEquals("box", c.getHostname());
        assertEquals(64L << 20, c.getMemoryBytes());
        assertEquals(500_000_000L, c.getNanoCpus());
        assertEquals(100, c.getPidsLimit());
        assertEquals(List.of("NET_ADMIN"), c.getCapAddList());
        assertEquals(List.of("ALL"), c.getCapDropList());
        assertTrue(c.getPrivileged());
        assertEquals("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}", c.getSeccomp());
        assertTrue(c.getNoNewPrivileges());
        assertEquals("none", c.getNetwork());
        assertEquals("crun", c.getRuntime());
        assertTrue(c.getTty());
        assertTrue(c.getOpenStdin());
        assertFalse(c.getStdinOnce()); // detached: nobody's stdin to close on
        assertFalse(c.getAutoRemove());
        assertEquals(Map.of("tier", "web", "bare", ""), c.getLabelsMap());
    }

    @Test
    void emptyEntrypointClearsTheImagesEntrypoint() {
        assertEquals(0, hako.run("create", "--entrypoint", "", "busybox").status());
        ContainerConfig c = sentConfig();
        assertTrue(c.getEntrypointSet());
        assertEquals(List.of(), c.getEntrypointList());
    }

    @Test
    void createPrintsTheIdAndKeepsStdinOnceForLaterAttach() {
        Result r = hako.run("create", "-i", "--name", "later", "busybox");
        assertEquals(0, r.status(), r::toString);
        assertEquals(ID + "\n", r.out());
        assertEquals(List.of("create"), containers.events);
        assertTrue(sentConfig().getOpenStdin());
        assertTrue(sentConfig().getStdinOnce());
    }

    @Test
    void optionsAfterTheImageBelongToTheCommand() {
        hako.run("run", "busybox", "ls", "-l", "--rm", "-d");
        ContainerConfig c = sentConfig();
        assertEquals(List.of("ls", "-l", "--rm", "-d"), c.getCmdList());
        assertFalse(c.getAutoRemove());
    }

    @Test
    void aMissingImageIsPulledWithProgressOnStderrThenCreatedAgain() {
        containers.missingImages.add("busybox");
        Result r = hako.run("run", "busybox", "true");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out());
        assertEquals("""
                Unable to find image 'busybox:latest' locally
                latest: Pulling from library/busybox
                Digest: sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7
                Status: Downloaded newer image for busybox:latest
                """, r.err());
        assertEquals(List.of("busybox"), pulls);
        assertEquals(List.of("create", "pull", "create", "attach", "start"), containers.events.subList(0, 5));
    }

    @Test
    void pullAlwaysPullsFirstAndQuietHidesIt() {
        Result r = hako.run("run", "-q", "--pull", "always", "busybox", "true");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err());
        assertEquals(List.of("pull", "create"), containers.events.subList(0, 2));
    }

    @Test
    void pullNeverFailsLikeDockerRun() {
        containers.missingImages.add("busybox");
        Result r = hako.run("run", "--pull", "never", "busybox", "true");
        assertEquals(125, r.status(), r::toString);
        assertEquals("hako: Error response from daemon: No such image: busybox.\nSee 'hako run --help'.\n", r.err());
        assertEquals(List.of(), pulls);
    }

    @Test
    void badPullPolicyIsAUsageError() {
        Result r = hako.run("run", "--pull", "sometimes", "busybox");
        assertEquals(125, r.status(), r::toString);
        assertEquals("invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\"\n"
                + "See 'hako run --help'.\n", r.err());
        assertEquals(List.of(), containers.events);
    }

    @Test
    void badSizesAndCpusAreUsageErrorsNamingTheFlag() {
        Result r = hako.run("run", "-m", "64x", "busybox");
        assertEquals(125, r.status());
        assertEquals("invalid argument \"64x\" for \"-m, --memory\" flag: invalid suffix: 'x'\nSee 'hako run --help'.\n", r.err());
        r = hako.run("create", "--cpus", "lots", "busybox");
        assertEquals(125, r.status());
        assertEquals("invalid argument \"lots\" for \"--cpus\" flag: failed to parse lots as a rational number\n"
                + "See 'hako create --help'.\n", r.err());
        r = hako.run("run", "--security-opt", "seccomp=" + dir.resolve("nope.json"), "busybox");
        assertEquals(125, r.status());
        assertTrue(r.err().startsWith("opening seccomp profile (" + dir.resolve("nope.json") + ") failed"), r::toString);
        assertEquals(List.of(), containers.events);
    }

    @Test
    void startFailuresMapToDockersExitCodes() throws Exception {
        containers.startError = Status.INTERNAL.withDescription(
                "runc create failed: exec: \"nope\": executable file not found in $PATH").asRuntimeException();
        Result r = hako.run("run", "busybox", "nope");
        assertEquals(127, r.status(), r::toString);
        assertEquals("hako: Error response from daemon: runc create failed: exec: \"nope\": executable file not found in $PATH.\n",
                r.err());
        // The attach is cancelled, not left open (the daemon hears it a moment later).
        awaitEvent("attach-cancelled");

        containers.startError = Status.INTERNAL.withDescription("exec: \"/etc\": permission denied").asRuntimeException();
        assertEquals(126, hako.run("run", "busybox", "/etc").status());
        containers.startError = Status.FAILED_PRECONDITION.withDescription("cgroup limit cannot be applied").asRuntimeException();
        assertEquals(125, hako.run("run", "-d", "busybox").status());
    }

    @Test
    void daemonUnreachableIsALaunchFailure() {
        Result r = new CliRunner().socket(dir.resolve("none.sock")).run("run", "busybox");
        assertEquals(125, r.status());
        assertEquals("hako: Cannot connect to the hako daemon at unix://" + dir.resolve("none.sock")
                + ". Is hakod running?.\nSee 'hako run --help'.\n", r.err());
    }

    @Test
    void warningsGoToStderr() {
        containers.warnings.add("Your kernel does not support swap limit capabilities.");
        Result r = hako.run("run", "-d", "busybox");
        assertEquals("WARNING: Your kernel does not support swap limit capabilities.\n", r.err());
        assertEquals(ID + "\n", r.out());
    }

    @Test
    void interactiveRunStreamsStdinAndClosesIt() {
        containers.echoStdin = true;
        containers.exitCode = 0;
        Result r = hako.stdin("one\ntwo\n").run("run", "-i", "busybox", "cat");
        assertEquals(0, r.status(), r::toString);
        assertEquals("one\ntwo\n", r.out());
        List<AttachInput> inputs = containers.attachInputs;
        assertTrue(inputs.getFirst().getStart().getStdin());
        assertEquals(AttachInput.InputCase.CLOSE_STDIN, inputs.getLast().getInputCase());
        assertTrue(sentConfig().getStdinOnce());
    }

    @Test
    void interactiveTerminalNeedsATerminalOnStdin() {
        Result r = hako.run("run", "-it", "busybox", "sh");
        assertEquals(1, r.status());
        assertEquals("the input device is not a TTY\n", r.err());
        assertEquals(List.of(), containers.events);
    }

    @Test
    void terminalRunsRawAndSendsTheWindowSizeThenRestores() {
        FakeTty tty = new FakeTty();
        containers.echoStdin = true;
        Result r = hako.terminal(FakeTerminal.withTty(tty)).stdin("ls\n").run("run", "-it", "busybox", "sh");
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("raw", "listen", "unlisten", "restore"), tty.calls);
        assertTrue(containers.attachInputs.contains(AttachInput.newBuilder()
                .setResize(TerminalSize.newBuilder().setRows(24).setCols(80)).build()), containers.attachInputs::toString);
    }

    @Test
    void aTerminalWithoutStdinIsNotPutInRawMode() {
        FakeTty tty = new FakeTty();
        assertEquals(0, hako.terminal(FakeTerminal.withTty(tty)).run("run", "-t", "busybox", "true").status());
        assertEquals(List.of("listen", "unlisten"), tty.calls);
    }

    @Test
    void theTerminalIsRestoredWhenStartFails() {
        FakeTty tty = new FakeTty();
        containers.startError = Status.INTERNAL.withDescription("boom").asRuntimeException();
        Result r = hako.terminal(FakeTerminal.withTty(tty)).run("run", "-it", "busybox", "sh");
        assertEquals(125, r.status());
        assertEquals(List.of("raw", "restore"), tty.calls);
    }

    @Test
    void aStreamThatEndsWithoutExitAsksWait() {
        containers.exitCode = 7;
        containers.endWithoutExit = true;
        Result r = hako.run("run", "busybox", "true");
        assertEquals(7, r.status(), r::toString);
        assertTrue(containers.requests.stream().anyMatch(dev.hako.api.v1.WaitContainerRequest.class::isInstance));
    }
}
