package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.Busybox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A private hakod with a busybox image (from Debian's busybox-static, imported with the CLI), for
 * tests that run real containers through runc and conmon.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerTestBase {
    protected static final String IMAGE = "busybox:latest";
    protected HakoDaemon hakod;

    protected String config() {
        return "";
    }

    @BeforeAll
    void startDaemon() throws IOException {
        Prerequisites.require();
        hakod = HakoDaemon.start(config());
        byte[] rootfs = Busybox.rootfs().build();
        hakod.hako(new ByteArrayInputStream(rootfs), "image", "import", "--change", "CMD [\"sh\"]",
                "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "-", IMAGE)
                .requireSuccess();
    }

    @AfterAll
    void stopDaemon() throws IOException {
        if (hakod == null) {
            return;
        }
        CliResult ids = hakod.hako("ps", "-aq");
        for (String id : ids.stdout().lines().filter(l -> !l.isBlank()).toList()) {
            hakod.hako("rm", "-f", id);
        }
        hakod.close();
    }

    protected CliResult hako(String... args) {
        return hakod.hako(args);
    }

    /** {@code hako run --rm IMAGE sh -c SCRIPT} with extra flags before the image. */
    protected CliResult sh(List<String> flags, String script) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--rm"));
        args.addAll(flags);
        args.addAll(List.of(IMAGE, "sh", "-c", script));
        return hakod.hako(args.toArray(String[]::new));
    }

    protected JsonNode inspect(String container) throws IOException {
        CliResult r = hako("inspect", container).requireSuccess();
        JsonNode array = Json.MAPPER.readTree(r.stdout());
        return array.get(0);
    }

    protected static void assertFails(CliResult r, int exitCode, String messagePart) {
        assertEquals(exitCode, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(messagePart), "expected \"" + messagePart + "\" in:\n" + r);
    }

    /** What a container leaves on the host while it exists, and must not once it is removed. */
    protected Leftovers leftovers(String id) {
        return new Leftovers(hakod, id);
    }

    record Leftovers(HakoDaemon hakod, String id) {
        List<String> all() throws IOException {
            List<String> found = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                if (line.contains(id)) {
                    found.add("mount: " + line);
                }
            }
            try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
                for (Path c : controllers.toList()) {
                    if (Files.isDirectory(c.resolve("hako").resolve(id))) {
                        found.add("cgroup: " + c.resolve("hako").resolve(id));
                    }
                }
            }
            Process p = new ProcessBuilder("pgrep", "-f", "conmon.*" + id).start();
            String conmons = new String(p.getInputStream().readAllBytes()).strip();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (String pid : conmons.lines().toList()) {
                String stat = Files.exists(Path.of("/proc", pid, "stat")) ? Files.readString(Path.of("/proc", pid, "stat")) : "";
                if (!stat.isEmpty() && !stat.contains(") Z ")) {
                    found.add("conmon process " + pid);
                }
            }
            for (Path dir : List.of(hakod.root().resolve("containers").resolve(id),
                    hakod.root().getParent().resolve("state/containers").resolve(id))) {
                if (Files.exists(dir)) {
                    found.add("directory " + dir);
                }
            }
            Path runcState = hakod.root().getParent().resolve("state/runc").resolve(id);
            if (Files.exists(runcState)) {
                found.add("runc state " + runcState);
            }
            return found;
        }

        void assertNone() throws IOException {
            assertEquals(List.of(), all(), "container " + id + " left things behind");
        }
    }
}
