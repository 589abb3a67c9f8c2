package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.LayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Known container runtime CVEs, attempted from inside containers and through the CLI against a real
 * hakod, runc and conmon. SECURITY.md lists them with what hako does about each.
 */
class RuntimeCvesIT extends ContainerTestBase {
    private static final String CAPS_ZERO = "CapInh:\t0000000000000000\nCapAmb:\t0000000000000000\n";
    private Path dir;
    /** A copy of runc that the "runc-copy" handler runs: what an attack would overwrite is never the host's. */
    private Path runc;

    @Override
    protected String config() {
        try {
            dir = Files.createTempDirectory("hako-it-cves-");
            Path hostRunc = Files.isExecutable(Path.of("/usr/sbin/runc")) ? Path.of("/usr/sbin/runc") : Path.of("/usr/bin/runc");
            runc = Files.copy(hostRunc, dir.resolve("runc"), StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return """
                [runtimes.runc-copy]
                path = "%s"
                """.formatted(runc);
    }

    @AfterAll
    void deleteCopies() throws IOException {
        if (dir != null) {
            dev.hako.sys.FileTrees.deleteRecursively(dir);
        }
    }

    /**
     * CVE-2019-5736: an exec'd program whose first line is {@code #!/proc/self/exe} makes the kernel
     * run the binary of the runtime's own process inside the container; the container's root opens
     * it through /proc/PID/exe, and once it has exited, writes over it through that descriptor: the
     * host's runc is replaced and runs the attacker's code as root next time. runc since 1.0.0-rc7
     * runs container processes from a read-only or sealed clone of itself, so the write fails; hako
     * relies on that, and this is the check that the runtime hakod runs does so.
     */
    @Test
    void anExecCannotOverwriteTheRuntimeThroughProcSelfExe() throws Exception {
        importImage("cve-2019-5736:1", attackerImage(), "CMD [\"sh\", \"/attack.sh\"]");

        // The probe works: the same attack against a host binary the container can reach (a writable
        // bind mount of another copy) overwrites it, as it would the runtime without the clone.
        Path decoy = Files.copy(runc, dir.resolve("decoy"));
        String control = attack(List.of("-v", decoy + ":/decoy/runc"), "/trap-decoy");
        assertTrue(control.contains("written"), control);
        assertFalse(sha256(decoy).equals(sha256(runc)), "the probe did not overwrite the decoy:\n" + control);

        byte[] before = sha256(runc);
        String attack = attack(List.of(), "/trap");
        assertTrue(attack.contains("reached "), "the attacker never opened the runtime's binary:\n" + attack);
        assertTrue(attack.contains("refused: "), attack);
        assertFalse(attack.contains("written"), attack);
        assertArrayEquals(before, sha256(runc), "the runtime's binary changed:\n" + attack);
    }

    /**
     * Runs the attacker as a container's first process, execs {@code trap} in it (which blocks until
     * the attacker kills it), and returns what the attacker logged.
     */
    private String attack(List<String> flags, String trap) throws Exception {
        String name = "cve-2019-5736-" + trap.substring(1);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--runtime", "runc-copy"));
        args.addAll(flags);
        args.add("cve-2019-5736:1");
        hako(args.toArray(String[]::new)).requireSuccess();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!hako("logs", name).stdout().contains("ready")) {
                assertTrue(System.nanoTime() < deadline, "the attacker never got ready: " + hako("logs", name));
                Thread.sleep(100);
            }
            CliResult exec = hako("exec", name, trap);
            assertNotEquals(0, exec.exitCode(), exec.toString());
            assertEquals("0\n", hako("wait", name).stdout(), "the attacker did not finish: " + hako("logs", name));
            CliResult logs = hako("logs", name);
            return logs.stdout() + logs.stderr() + "\nexec: " + exec;
        } finally {
            hako("rm", "-f", name);
        }
    }

    /**
     * busybox, runc's loader and libraries (the cloned runtime must be able to run in the container,
     * as it could in any glibc image), two traps and the attacker. The attacker finds the process
     * whose binary is not busybox, opens its /proc/PID/exe, kills it, and then tries to open that
     * descriptor for writing; /trap-decoy runs a host binary mounted into the container instead.
     */
    private LayerBuilder attackerImage() throws Exception {
        LayerBuilder layer = Busybox.rootfs();
        Set<String> dirs = new LinkedHashSet<>(List.of("bin", "etc", "tmp", "root", "home", "proc", "sys", "dev"));
        for (Path lib : sharedLibraries(runc)) {
            String name = lib.toString().substring(1);
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                if (dirs.add(name.substring(0, slash))) {
                    layer.dir(name.substring(0, slash), 0755);
                }
            }
            layer.file(name, Files.readAllBytes(lib), 0755, 0, 0);
        }
        return layer
                .file("trap", "#!/proc/self/exe --log=/tmp/fifo\n".getBytes(), 0755, 0, 0)
                .file("trap-decoy", "#!/decoy/runc --log=/tmp/fifo\n".getBytes(), 0755, 0, 0)
                .file("attack.sh", """
                        mkfifo /tmp/fifo
                        echo ready
                        end=$(($(date +%s) + 60))
                        while [ "$(date +%s)" -lt $end ]; do
                          for d in /proc/[0-9]*; do
                            pid=${d#/proc/}
                            [ "$pid" = $$ ] && continue
                            exe=$(readlink $d/exe 2>/dev/null) || continue
                            case "$exe" in */busybox) continue;; esac
                            # "command": a failed redirection of exec must not end the shell.
                            command exec 3< $d/exe 2>/dev/null || continue
                            echo "reached $exe (pid $pid)"
                            kill -9 $pid
                            while readlink $d/exe >/dev/null 2>&1; do sleep 0.1; done
                            i=0
                            while [ $i -lt 30 ]; do
                              if echo PWNED 2>/tmp/error >/proc/self/fd/3; then echo written; exit 0; fi
                              i=$((i+1)); sleep 0.1
                            done
                            echo "refused: $(cat /tmp/error)"
                            exit 0
                          done
                        done
                        echo "never reached"
                        """);
    }

    /** The loader and libraries {@code binary} needs, from ldd. */
    private static List<Path> sharedLibraries(Path binary) throws Exception {
        Process p = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "ldd " + binary + ": " + out);
        List<Path> libs = new ArrayList<>();
        for (String line : out.lines().toList()) {
            for (String word : line.strip().split("\\s+")) {
                if (word.startsWith("/")) {
                    libs.add(Path.of(word));
                }
            }
        }
        return libs;
    }

    /**
     * CVE-2024-21626: runc before 1.1.12 leaked a descriptor of the host's /sys/fs/cgroup into the
     * container's init, so a working directory of /proc/self/fd/7 started the process in the host's
     * file system, from a run (an image's WORKDIR) or an exec. hako refuses a working directory
     * inside /proc, whoever gives it; one that reaches /proc through a symlink in the image is
     * resolved by the runtime, which must then refuse it or start the process inside the container.
     */
    @Test
    void aWorkingDirectoryInProcNeverLeadsOutOfTheContainer() throws Exception {
        LayerBuilder links = Busybox.rootfs();
        for (int fd = 3; fd <= 12; fd++) {
            links.symlink("fd" + fd, "/proc/self/fd/" + fd);
        }
        importImage("cve-2024-21626:links", links);
        importImage("cve-2024-21626:workdir", Busybox.rootfs(), "WORKDIR /proc/self/fd/7");
        hako("run", "-d", "--name", "cve-2024-21626", "cve-2024-21626:links", "sleep", "600").requireSuccess();
        try {
            for (int fd = 3; fd <= 12; fd++) {
                String cwd = "/proc/self/fd/" + fd;
                assertFails(hako("run", "--rm", "-w", cwd, IMAGE, "pwd"), 125,
                        "the working directory \"" + cwd + "\" is invalid: it is inside /proc");
                assertFails(hako("exec", "-w", cwd, "cve-2024-21626", "pwd"), 1,
                        "the working directory \"" + cwd + "\" is invalid: it is inside /proc");
                // The applet, not the shell's builtin: for a directory its root does not reach, getcwd
                // fails and the applet with it, where the builtin prints an empty line.
                String script = "/bin/pwd 2>/dev/null || echo OUTSIDE";
                assertInside(hako("run", "--rm", "-w", "/fd" + fd, "cve-2024-21626:links", "sh", "-c", script));
                assertInside(hako("exec", "-w", "/fd" + fd, "cve-2024-21626", "sh", "-c", script));
            }
            assertFails(hako("run", "--rm", "-w", "/srv/../proc/self/fd/8", IMAGE, "pwd"), 125, "\"/proc/self/fd/8\"");
            assertFails(hako("run", "--rm", "cve-2024-21626:workdir", "pwd"), 125,
                    "the image's working directory \"/proc/self/fd/7\" is invalid: it is inside /proc");
        } finally {
            hako("rm", "-f", "cve-2024-21626");
        }
    }

    /** The process either never started, or started with a working directory its root reaches. */
    private static void assertInside(CliResult r) {
        assertFalse(r.stdout().contains("OUTSIDE"), "the process started outside its root: " + r);
        if (r.exitCode() == 0) {
            assertTrue(r.stdout().startsWith("/"), r.toString());
        }
    }

    /**
     * CVE-2022-29162 (runc exec --cap) and CVE-2022-24769 (moby): processes got inheritable
     * capabilities, which an unprivileged program keeps across execve of a file with inheritable
     * file capabilities. No process of hako's, first or exec'd, root or not, privileged or not, has
     * inheritable or ambient capabilities.
     */
    @Test
    void noProcessGetsInheritableOrAmbientCapabilities() {
        String caps = "grep -E '^Cap(Inh|Amb)' /proc/self/status";
        assertEquals(CAPS_ZERO, sh(List.of(), caps).requireSuccess().stdout());
        assertEquals(CAPS_ZERO, sh(List.of("--cap-add", "NET_ADMIN", "-u", "1000"), caps).requireSuccess().stdout());
        assertEquals(CAPS_ZERO, sh(List.of("--privileged"), caps).requireSuccess().stdout());
        hako("run", "-d", "--name", "cve-2022-29162", "--cap-add", "NET_ADMIN", IMAGE, "sleep", "600").requireSuccess();
        try {
            for (List<String> flags : List.of(List.<String>of(), List.of("--privileged"), List.of("-u", "1000"),
                    List.of("--privileged", "-u", "1000"))) {
                List<String> args = new ArrayList<>(List.of("exec"));
                args.addAll(flags);
                args.addAll(List.of("cve-2022-29162", "sh", "-c", caps));
                assertEquals(CAPS_ZERO, hako(args.toArray(String[]::new)).requireSuccess().stdout(), flags.toString());
            }
        } finally {
            hako("rm", "-f", "cve-2022-29162");
        }
    }

    /**
     * CVE-2024-40635 (containerd): a User of UID:GID past the largest 32-bit signed number wrapped
     * around to 0 and the container ran as root; CVE-2026-46680 (containerd): such a number was then
     * looked up as a user name, which a hostile /etc/passwd maps to uid 0. hako refuses any id past
     * 2147483647 (runc's limit) from -u, an image's User and exec -u, whatever the image's passwd says.
     */
    @Test
    void aUserIdPast31BitsIsRefusedNeverRoot() throws Exception {
        for (String user : List.of("2147483648", "4294967296", "4294967296:4294967296", "0:4294967296", "1000:2147483648",
                "4294967295")) {
            CliResult r = hako("run", "--rm", "-u", user, IMAGE, "id");
            assertFails(r, 125, "is out of range (0 to 2147483647)");
            assertFalse(r.stdout().contains("uid="), r.toString());
        }
        LayerBuilder hostile = Busybox.rootfs()
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n4294967296:x:0:0:wrapped:/:/bin/sh\n");
        importImage("cve-2024-40635:1", hostile, "USER 4294967296");
        CliResult image = hako("run", "--rm", "cve-2024-40635:1", "id");
        assertFails(image, 125, "user id 4294967296 is out of range (0 to 2147483647)");
        hako("run", "-d", "--name", "cve-2024-40635", "-u", "1000", "cve-2024-40635:1", "sleep", "600").requireSuccess();
        try {
            CliResult exec = hako("exec", "-u", "4294967296", "cve-2024-40635", "id");
            assertFails(exec, 1, "user id 4294967296 is out of range (0 to 2147483647)");
            assertEquals("1000\n", hako("exec", "cve-2024-40635", "id", "-u").requireSuccess().stdout());
        } finally {
            hako("rm", "-f", "cve-2024-40635");
        }
    }

    private void importImage(String name, LayerBuilder layer, String... changes) {
        List<String> args = new ArrayList<>(List.of("image", "import", "--change", "CMD [\"sh\"]",
                "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        for (String c : changes) {
            args.add("--change");
            args.add(c);
        }
        args.addAll(List.of("-", name));
        hakod.hako(new ByteArrayInputStream(layer.build()), args.toArray(String[]::new)).requireSuccess();
    }

    private static byte[] sha256(Path file) throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
