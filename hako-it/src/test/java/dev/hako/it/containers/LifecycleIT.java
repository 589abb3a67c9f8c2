package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.testkit.daemon.CliResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** create/start -a/restart keep a container's filesystem; -it gives a working terminal. */
class LifecycleIT extends ContainerTestBase {

    @Test
    void createStartAndRestartKeepTheFilesystem() throws Exception {
        String id = hako("create", "--name", "keeper", IMAGE, "sh", "-c",
                "echo run >> /state; cat /state | wc -l").requireSuccess().stdout().strip();
        assertEquals("created", inspect(id).path("State").path("Status").asText());
        CliResult first = hako("start", "-a", "keeper");
        assertEquals("1", first.requireSuccess().stdout().strip());
        hako("restart", "keeper").requireSuccess();
        assertEquals("0", hako("wait", "keeper").requireSuccess().stdout().strip());
        List<String> logged = hako("logs", "keeper").requireSuccess().stdout().lines().toList();
        assertEquals("2", logged.getLast(), "restart ran it again on the same filesystem: " + logged);
        CliResult again = hako("start", "-a", "keeper");
        assertEquals("3", again.requireSuccess().stdout().strip(), "the container's own writes survive restarts");
        JsonNode state = inspect(id);
        assertEquals(2, state.path("RestartCount").asInt());
        hako("rm", "keeper").requireSuccess();
        leftovers(id).assertNone();
    }

    @Test
    void anInteractiveTerminalWorks() throws Exception {
        // script(1) gives the CLI a terminal, as a user's shell would.
        CliResult r = underScript("stty rows 33 cols 101; " + hakoCommand() + " run --rm -it " + IMAGE
                + " sh -c 'stty size; read line; echo got:$line'", "hello\n");
        assertTrue(r.stdout().contains("33 101"), "the terminal size reaches the container: " + r.stdout());
        assertTrue(r.stdout().contains("got:hello"), r.stdout());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void execWithATerminal() throws Exception {
        String id = hako("run", "-d", IMAGE, "sleep", "300").requireSuccess().stdout().strip();
        try {
            // runc exec -t copies the size to the container's terminal once it has it, which can be
            // just after the process started (so it is with docker and containerd): the size is
            // asked for after the input, by when it has long arrived. (`run -it` sets it before start.)
            CliResult r = underScript("stty rows 20 cols 70; " + hakoCommand() + " exec -it " + id
                    + " sh -c 'tty; read x; stty size; echo seen:$x'", "typed\n");
            assertTrue(r.stdout().contains("/dev/pts/"), r.stdout());
            assertTrue(r.stdout().contains("20 70"), r.stdout());
            assertTrue(r.stdout().contains("seen:typed"), r.stdout());
        } finally {
            hako("rm", "-f", id);
        }
    }

    private String hakoCommand() {
        return "HAKO_SOCKET=" + hakod.socket() + " " + dev.hako.testkit.daemon.Checkout.hako();
    }

    private static CliResult underScript(String command, String input) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("script", "-qec", command, "/dev/null"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread.sleep(1500); // let the container start before typing, as a person would
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the terminal session did not end");
        }
        return new CliResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "");
    }
}
