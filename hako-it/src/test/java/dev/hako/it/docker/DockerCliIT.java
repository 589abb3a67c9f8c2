package dev.hako.it.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.Blob;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real docker CLI (28.x, API 1.50) against a private hakod's Docker Engine API socket: the
 * output and exit codes docker users know, and nothing left behind by {@code rm -f}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerCliIT {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");
    private static final String IMAGE = "busybox:latest";

    private HakoDaemon hakod;
    private LocalRegistry registry;
    private Path dockerConfig;

    @BeforeAll
    void start() throws IOException {
        if (!Files.isExecutable(DOCKER)) {
            throw new IllegalStateException("the docker CLI is not installed at " + DOCKER
                    + ": install docker-ce-cli 28.x (the client only; no engine is needed)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("DockerCliIT runs containers: it must run as root");
        }
        dockerConfig = Files.createTempDirectory("hako-it-docker-config-");
        hakod = HakoDaemon.start("");
        hakod.hako(new ByteArrayInputStream(Busybox.rootfs().build()), "image", "import", "--change", "CMD [\"sh\"]",
                "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "-", IMAGE)
                .requireSuccess();
    }

    @AfterAll
    void stop() throws IOException {
        if (hakod != null) {
            for (String id : docker("ps", "-aq").stdout().lines().filter(l -> !l.isBlank()).toList()) {
                docker("rm", "-f", id);
            }
            hakod.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (dockerConfig != null) {
            dev.hako.sys.FileTrees.deleteRecursively(dockerConfig);
        }
    }

    @Test
    void versionAndInfoNegotiateApi150() {
        CliResult version = docker("version").requireSuccess();
        assertTrue(version.stdout().contains("API version:      1.50 (minimum version 1.24)"), version.toString());
        assertEquals("1.50 1.24\n", docker("version", "--format", "{{.Server.APIVersion}} {{.Server.MinAPIVersion}}")
                .requireSuccess().stdout());
        CliResult info = docker("info", "--format", "{{.OSType}} {{.Driver}} {{.DefaultRuntime}}").requireSuccess();
        assertEquals("linux overlayfs runc\n", info.stdout());
        assertEquals(0, docker("info").exitCode());
    }

    @Test
    void runPrintsTheOutputAndExitsWithTheContainersCode() {
        CliResult hi = docker("run", "--rm", IMAGE, "echo", "hi");
        assertEquals(0, hi.exitCode(), hi.toString());
        assertEquals("hi\n", hi.stdout());
        CliResult streams = docker("run", "--rm", IMAGE, "sh", "-c", "echo out; echo err >&2");
        assertEquals("out\n", streams.stdout(), streams.toString());
        assertEquals("err\n", streams.stderr(), streams.toString());
        assertEquals(3, docker("run", "--rm", IMAGE, "sh", "-c", "exit 3").exitCode());
        assertEquals("", running(), "--rm containers are gone once run returns");
    }

    @Test
    void runWithStdinPassesItThrough() {
        CliResult cat = dockerWithInput("piped\nlines\n", "run", "--rm", "-i", IMAGE, "sh", "-c", "cat; echo eof");
        assertEquals(0, cat.exitCode(), cat.toString());
        assertEquals("piped\nlines\neof\n", cat.stdout(), "stdin reaches the container and its end closes it");
    }

    private String running() {
        return docker("ps", "-a", "--format", "{{.ID}} {{.Command}}").stdout().lines()
                .filter(l -> l.contains("echo hi") || l.contains("exit 3") || l.contains("echo out")).reduce("", String::concat);
    }

    @Test
    void detachedContainerLogsStopsAndRemovesWithoutLeftovers() throws IOException {
        String id = docker("run", "-d", IMAGE, "sh", "-c", "echo started; while true; do sleep 0.2; done")
                .requireSuccess().stdout().strip();
        assertEquals(64, id.length(), id);
        awaitLog(id, "started");
        assertEquals("running\n", docker("inspect", "--format", "{{.State.Status}}", id).requireSuccess().stdout());
        assertTrue(docker("ps").stdout().contains(id.substring(0, 12)));

        CliResult rm = docker("rm", id);
        assertEquals(1, rm.exitCode(), rm.toString());
        assertTrue(rm.stderr().contains("Error response from daemon: cannot remove container \"/")
                && rm.stderr().contains("container is running: stop the container before removing or force remove"),
                rm.toString());

        assertEquals(id + "\n", docker("stop", "-t", "1", id).requireSuccess().stdout());
        assertEquals("exited\n", docker("inspect", "--format", "{{.State.Status}}", id).requireSuccess().stdout());
        String second = docker("run", "-d", IMAGE, "sleep", "300").requireSuccess().stdout().strip();
        docker("rm", "-f", id, second).requireSuccess();
        assertFalse(docker("ps", "-aq", "--no-trunc").stdout().contains(id));
        assertFalse(docker("ps", "-aq", "--no-trunc").stdout().contains(second));
        assertNothingLeft(id);
        assertNothingLeft(second);
    }

    @Test
    void createThenStartAttached() {
        String id = docker("create", "--name", "made-by-docker", IMAGE, "echo", "created").requireSuccess().stdout().strip();
        CliResult ps = docker("ps", "-a", "--format", "{{.Names}} {{.State}}").requireSuccess();
        assertTrue(ps.stdout().contains("made-by-docker created"), ps.toString());
        CliResult start = docker("start", "-a", "made-by-docker");
        assertEquals(0, start.exitCode(), start.toString());
        assertEquals("created\n", start.stdout());
        assertEquals("exited 0\n", docker("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", id)
                .requireSuccess().stdout());
        docker("rm", "made-by-docker").requireSuccess();
    }

    @Test
    void errorsAreDockers() {
        CliResult inspect = docker("inspect", "nosuch");
        assertEquals(1, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.stderr().contains("Error: No such object: nosuch"), inspect.toString());
        CliResult rm = docker("rm", "nosuch");
        assertEquals(1, rm.exitCode(), rm.toString());
        assertTrue(rm.stderr().contains("No such container: nosuch"), rm.toString());
        CliResult run = docker("run", "--rm", "-p", "8080:80", IMAGE, "true");
        assertEquals(125, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("published ports are not supported yet"), run.toString());
    }

    @Test
    void pullShowsDockersProgressAndImagesListsIt() throws IOException {
        registry = registry == null ? LocalRegistry.start() : registry;
        // The busybox layer is the imported image's too ("Already exists"); the second is new.
        TestImage image = TestImage.builder().cmd("sh").layer(Busybox.rootfs())
                .layer(new LayerBuilder().file("pulled", "yes\n")).build();
        try (RegistryWriter writer = new RegistryWriter(registry.url())) {
            for (Blob b : image.blobs()) {
                writer.pushBlob("it/busybox", b.mediaType(), b.bytes());
            }
            writer.pushManifest("it/busybox", "1", image.manifest().mediaType(), image.manifest().bytes());
        }
        String ref = registry.host() + "/it/busybox:1";
        CliResult pull = docker("pull", ref);
        assertEquals(0, pull.exitCode(), pull.toString());
        assertTrue(pull.stdout().contains("1: Pulling from it/busybox"), pull.toString());
        assertTrue(pull.stdout().contains(": Already exists"), pull.toString());
        assertTrue(pull.stdout().contains(": Pull complete"), pull.toString());
        assertTrue(pull.stdout().contains("Digest: " + image.manifest().digest()), pull.toString());
        assertTrue(pull.stdout().contains("Status: Downloaded newer image for " + ref), pull.toString());
        assertTrue(docker("pull", ref).requireSuccess().stdout().contains("Status: Image is up to date for " + ref));

        CliResult images = docker("images").requireSuccess();
        assertTrue(images.stdout().lines().anyMatch(l -> l.startsWith(registry.host() + "/it/busybox ") && l.contains(" 1 ")),
                images.toString());
        String id = image.config().digest().encoded().substring(0, 12);
        assertTrue(docker("images", "-q").requireSuccess().stdout().lines().toList().contains(id));
        assertEquals("yes\n", docker("run", "--rm", ref, "cat", "/pulled").requireSuccess().stdout());

        CliResult missing = docker("pull", registry.host() + "/it/nosuch:1");
        assertEquals(1, missing.exitCode(), missing.toString());
    }

    private void awaitLog(String id, String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (docker("logs", id).stdout().contains(text)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("\"" + text + "\" never reached the log of " + id + ": " + docker("logs", id));
    }

    /** No mount, runc state or bundle of the container stays on the host. */
    private void assertNothingLeft(String id) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(id)) {
                found.add("mount: " + line);
            }
        }
        Path state = hakod.socket().getParent();
        for (Path p : List.of(state.resolve("containers").resolve(id), state.resolve("runc").resolve(id),
                hakod.root().resolve("containers").resolve(id))) {
            if (Files.exists(p)) {
                found.add(p.toString());
            }
        }
        CliResult conmons = run(List.of("pgrep", "-f", "conmon.*" + id), null);
        conmons.stdout().lines().filter(l -> !l.isBlank()).forEach(pid -> found.add("conmon " + pid));
        assertEquals(List.of(), found, "container " + id + " left things behind");
    }

    private CliResult docker(String... args) {
        return dockerWithInput(null, args);
    }

    private CliResult dockerWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(DOCKER.toString());
        command.addAll(List.of(args));
        return run(command, stdin, pb -> {
            pb.environment().put("DOCKER_HOST", "unix://" + hakod.dockerSocket());
            pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
            pb.environment().remove("DOCKER_CONTEXT");
        });
    }

    private static CliResult run(List<String> command, java.util.function.Consumer<ProcessBuilder> setUp) {
        return run(command, null, setUp);
    }

    private static CliResult run(List<String> command, String stdin, java.util.function.Consumer<ProcessBuilder> setUp) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (setUp != null) {
            setUp.accept(pb);
        }
        return CliResult.run(pb, stdin == null ? null : new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Duration.ofMinutes(2));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
