package dev.hako.it.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.Checkout;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.Busybox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

    @Test
    void socketsAreMadeWithTheirFinalModeAndRefusePeersOutsideTheApiGroup() throws Exception {
        int apiGid = 4242;
        // A permissive umask, as an operator's shell may have: the sockets must still never be 0777.
        try (HakoDaemon hakod = HakoDaemon.startUnderUmask("[api]\ngid = " + apiGid + "\n", "000")) {
            Path ttrpc = hakod.socket().resolveSibling(hakod.socket().getFileName() + ".ttrpc");
            for (Path socket : List.of(hakod.socket(), ttrpc, hakod.dockerSocket())) {
                assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)), socket.toString());
                assertEquals(apiGid, Files.getAttribute(socket, "unix:gid"), socket.toString());
            }
            try (var left = Files.list(hakod.socket().getParent())) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".sockets-")),
                        "the private directory the sockets were bound in is gone");
            }
            // The file mode is the first gate; the peer check must hold without it.
            Path probeDir = Files.createTempDirectory("hako-it-probe-");
            try {
                Files.setPosixFilePermissions(probeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path probe = probeDir.resolve("PeerProbe.java");
                try (var in = DaemonIT.class.getResourceAsStream("PeerProbe.java")) {
                    Files.copy(in, probe);
                }
                for (Path dir = hakod.socket().getParent(); dir.getNameCount() > 1; dir = dir.getParent()) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // traversable by the probe
                }
                for (Path socket : List.of(hakod.socket(), ttrpc, hakod.dockerSocket())) {
                    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
                    assertEquals("closed", probeAs(65534, 65534, probe, socket), "nobody:nogroup on " + socket);
                    assertEquals("open", probeAs(65534, apiGid, probe, socket), "a member of the API group on " + socket);
                    assertEquals("open", probeAs(0, 0, probe, socket), "root on " + socket);
                }
            } finally {
                try (var s = Files.walk(probeDir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            assertTrue(hakod.log().contains("refused a connection from uid 65534 gid 65534"), hakod.log());
        }
    }

    /**
     * CVE-2021-41091 (moby) and CVE-2021-41103 (containerd): local users could enter the runtime's
     * data directories, run the setuid programs of image layers and containers' roots, and read
     * containers' bundles. hakod's root is 0700 and its state directory 0710 to the API group,
     * whatever the directories above allow; the API group still reaches the sockets.
     */
    @Test
    void localUsersCannotEnterTheStore() throws Exception {
        int apiGid = 4242;
        try (HakoDaemon hakod = HakoDaemon.start("[api]\ngid = " + apiGid + "\n")) {
            byte[] layer = Busybox.rootfs().file("bin/suid", Busybox.binary(), 04755, 0, 0).build();
            hakod.hako(new ByteArrayInputStream(layer), "image", "import", "--change", "CMD [\"sh\"]", "-", "suid:1")
                    .requireSuccess();
            String id = hakod.hako("run", "-d", "suid:1", "sleep", "600").requireSuccess().stdout().strip();
            try {
                Path state = hakod.socket().getParent();
                // The test daemon's temporary directory is 0700: open it, so that hakod's modes are all there is.
                Files.setPosixFilePermissions(hakod.root().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
                List<Path> layerCopies;
                try (var walk = Files.walk(hakod.root().resolve("snapshots"))) {
                    layerCopies = walk.filter(p -> p.endsWith("fs/bin/suid")).toList();
                }
                assertEquals(1, layerCopies.size(), layerCopies.toString());
                Path bundle = state.resolve("containers").resolve(id);
                List<Path> secret = List.of(hakod.root().resolve("metadata.db"), layerCopies.getFirst(),
                        bundle.resolve("config.json"), bundle.resolve("rootfs/bin/suid"), hakod.socket());
                for (Path p : secret) {
                    assertTrue(Files.exists(p), p.toString());
                    assertEquals("closed", reachAs(65534, 65534, p), "nobody:nogroup reaches " + p);
                }
                assertEquals("open", reachAs(65534, apiGid, hakod.socket()), "a member of the API group reaches the socket");
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hakod.root())));
                assertEquals("rwx--x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
                assertEquals(apiGid, Files.getAttribute(state, "unix:gid"));
            } finally {
                hakod.hako("rm", "-f", id);
            }
        }
    }

    /** "open" when {@code uid}:{@code gid}, with no supplementary groups, can see {@code path} at all. */
    private static String reachAs(int uid, int gid, Path path) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "sh", "-c", "if [ -e \"$1\" ]; then echo open; else echo closed; fi", "sh", path.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** Runs the probe as {@code uid}:{@code gid} with no supplementary groups. */
    private static String probeAs(int uid, int gid, Path probe, Path socket) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                java.toString(), probe.toString(), socket.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not finish");
        }
        return new String(p.getInputStream().readAllBytes()).strip();
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
