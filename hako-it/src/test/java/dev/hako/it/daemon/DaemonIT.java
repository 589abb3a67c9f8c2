package dev.hako.it.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.Checkout;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.daemon.HakoDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** hakod's flags and configuration, and the CLI's view of the daemon. */
class DaemonIT {

    @Test
    void versionAndInfoComeFromTheDaemon() throws Exception {
        try (HakoDaemon hakod = HakoDaemon.start()) {
            CliResult version = hakod.hako("version").requireSuccess();
            assertTrue(version.stdout().contains("Client:"), version.stdout());
            assertTrue(version.stdout().contains("Server:"), version.stdout());
            CliResult info = hakod.hako("info").requireSuccess();
            assertTrue(info.stdout().contains(hakod.root().toString()), info.stdout());
            assertTrue(info.stdout().contains("Images: 0"), info.stdout());
        }
    }

    @Test
    void theCliSaysWhenNoDaemonAnswers() {
        try (HakoDaemon hakod = HakoDaemon.start()) {
            hakod.stop();
            CliResult r = hakod.hako("images");
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("Cannot connect to the hako daemon"), r.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSecondDaemonOnTheSameStoreIsRefused() throws Exception {
        try (HakoDaemon hakod = HakoDaemon.start()) {
            Path otherSocket = Files.createTempDirectory("hako-it-sock-").resolve("other.sock");
            CliResult second = runHakod("--root", hakod.root().toString(), "--state", otherSocket.getParent().toString(),
                    "--socket", otherSocket.toString());
            assertNotEquals(0, second.exitCode(), second.toString());
            assertTrue(second.stdout().contains("another hakod is using " + hakod.root()), second.toString());
            Files.deleteIfExists(otherSocket.getParent());
        }
    }

    @Test
    void badConfigurationIsRefusedWithTheKeyNamed() throws Exception {
        Path dir = Files.createTempDirectory("hako-it-config-");
        try {
            Path config = dir.resolve("hako.toml");
            Files.writeString(config, "[images]\nmax_downloads = 3\n");
            CliResult r = runHakod("--config", config.toString(), "--root", dir.resolve("root").toString(),
                    "--state", dir.resolve("state").toString(), "--socket", dir.resolve("state/s.sock").toString());
            assertNotEquals(0, r.exitCode());
            assertTrue(r.stdout().contains("unknown setting images.max_downloads"), r.toString());

            Files.writeString(config, "[registries.\"docker.io\"]\nmirrors = [\"ftp://x\"]\n");
            r = runHakod("--config", config.toString(), "--root", dir.resolve("root").toString());
            assertTrue(r.stdout().contains("invalid URL ftp://x"), r.toString());

            r = runHakod("--config", dir.resolve("missing.toml").toString());
            assertTrue(r.stdout().contains("missing.toml does not exist"), r.toString());
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static CliResult runHakod(String... args) throws Exception {
        var cmd = new java.util.ArrayList<String>();
        cmd.add(Checkout.hakod().toString());
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("hakod did not exit: " + String.join(" ", cmd));
        }
        return new CliResult(p.exitValue(), new String(p.getInputStream().readAllBytes()), "");
    }
}
