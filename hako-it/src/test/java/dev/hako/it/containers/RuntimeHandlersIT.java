package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runtime handlers from hako.toml: chosen per container, shown by info and inspect. */
class RuntimeHandlersIT extends ContainerTestBase {
    private static final Path RUNC = Files.isExecutable(Path.of("/usr/sbin/runc")) ? Path.of("/usr/sbin/runc")
            : Path.of("/usr/bin/runc");

    @Override
    protected String config() {
        return """
                [runtime]
                default_handler = "runc"
                [runtimes.second]
                path = "%s"
                isolation = "namespaces"
                args = ["--log-format", "json"]
                [runtimes.absent]
                path = "/opt/nowhere/oci-runtime"
                isolation = "vm"
                """.formatted(RUNC);
    }

    @Test
    void infoListsEveryHandler() {
        CliResult info = hako("info").requireSuccess();
        assertTrue(info.stdout().contains("runc"), info.stdout());
        assertTrue(info.stdout().contains("second"), info.stdout());
        assertTrue(info.stdout().contains("absent"), info.stdout());
        assertTrue(info.stdout().contains("vm"), info.stdout());
    }

    @Test
    void aContainerRunsOnTheHandlerItNames() throws Exception {
        String id = hako("run", "-d", "--runtime", "second", IMAGE, "sleep", "300").requireSuccess().stdout().strip();
        try {
            assertEquals("second", inspect(id).path("HostConfig").path("Runtime").asText());
            Path secondRoot = hakod.root().getParent().resolve("state/second").resolve(id);
            assertTrue(Files.isDirectory(secondRoot), "the handler's own --root holds the container: " + secondRoot);
        } finally {
            hako("rm", "-f", id).requireSuccess();
        }
        leftovers(id).assertNone();
        String defaulted = hako("create", IMAGE, "true").requireSuccess().stdout().strip();
        assertEquals("runc", inspect(defaulted).path("HostConfig").path("Runtime").asText());
        hako("rm", defaulted).requireSuccess();
    }

    @Test
    void aHandlerWhoseBinaryIsMissingIsAClearError() {
        CliResult r = hako("run", "--rm", "--runtime", "absent", IMAGE, "true");
        assertTrue(r.exitCode() != 0, r.toString());
        assertTrue(r.stderr().contains("/opt/nowhere/oci-runtime"), r.toString());
        CliResult unknown = hako("run", "--rm", "--runtime", "crun-typo", IMAGE, "true");
        assertTrue(unknown.stderr().contains("crun-typo"), unknown.toString());
    }
}
