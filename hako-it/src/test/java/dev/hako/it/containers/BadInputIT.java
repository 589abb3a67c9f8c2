package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each bad request gives a clear error, a non-zero exit code and leaves nothing behind. */
class BadInputIT extends ContainerTestBase {

    private List<String> state() throws IOException {
        List<String> s = new java.util.ArrayList<>(hako("ps", "-aq", "--no-trunc").stdout().lines().toList());
        for (Path dir : List.of(hakod.root().resolve("containers"), hakod.root().getParent().resolve("state/containers"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> !p.getFileName().toString().equals("exits")).forEach(p -> s.add(p.toString()));
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(hakod.root().getParent().toString())) {
                s.add("mount " + line);
            }
        }
        return s;
    }

    private void assertRefused(CliResult r, String message) throws IOException {
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(message), "expected \"" + message + "\" in:\n" + r);
    }

    @Test
    void badRequestsLeaveNothingBehind() throws Exception {
        List<String> before = state();
        assertRefused(hako("run", "--rm", "--pull", "never", "no-such-image", "true"), "No such image");
        assertRefused(hako("run", "--rm", IMAGE, "no-such-command"), "executable file not found in $PATH");
        assertRefused(hako("run", "--rm", "-u", "ghost", IMAGE, "true"), "unable to find user ghost");
        assertRefused(hako("run", "--rm", "--memory", "1k", IMAGE, "true"), "emory");
        assertRefused(hako("run", "--rm", "-v", "/no/such/dir:/data", IMAGE, "true"), "/no/such/dir");
        assertRefused(hako("run", "--rm", "--runtime", "nope", IMAGE, "true"), "nope");
        assertRefused(hako("run", "--memory", "99999999999999999999", IMAGE, "true"),
                "invalid argument \"99999999999999999999\" for \"-m, --memory\" flag: size out of range");
        // Created, then refused by the runtime at start: as docker, --rm removes it then too; and
        // the message speaks of the container's path, never of where the store keeps its root.
        CliResult startFails = hako("run", "--rm", "-v", "/tmp:/proc", IMAGE, "true");
        assertEquals(125, startFails.exitCode(), startFails.toString());
        assertTrue(startFails.stderr().contains("rootfs at \"/proc\": \"/proc\" cannot be mounted"), startFails.toString());
        assertFalse(startFails.stderr().contains(hakod.root().getParent().toString()), startFails.toString());
        assertEquals(before, state());

        String id = hako("create", "--name", "taken", IMAGE, "true").requireSuccess().stdout().strip();
        assertRefused(hako("create", "--name", "taken", IMAGE, "true"), "is already in use");
        assertRefused(hako("stop", "taken"), "is not running");
        String running = hako("run", "-d", "--name", "busy", IMAGE, "sleep", "300").requireSuccess().stdout().strip();
        assertRefused(hako("rm", "busy"), "container is running");
        assertEquals("running", inspect("busy").path("State").path("Status").asText());
        hako("rm", "-f", "busy", "taken").requireSuccess();
        assertRefused(hako("rm", "taken"), "No such container: taken");
        assertRefused(hako("start", "taken"), "No such container");
        assertEquals(before, state());
        leftovers(id).assertNone();
        leftovers(running).assertNone();
    }

    @Test
    void aCreatedButNeverStartedContainerIsRemovedCleanly() throws Exception {
        String id = hako("create", IMAGE, "true").requireSuccess().stdout().strip();
        assertTrue(leftovers(id).all().stream().anyMatch(l -> l.startsWith("mount")), "the root is mounted at create");
        hako("rm", id).requireSuccess();
        leftovers(id).assertNone();
    }
}
