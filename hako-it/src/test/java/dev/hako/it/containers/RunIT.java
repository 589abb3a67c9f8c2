package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.testkit.daemon.CliResult;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** hako run: exit codes, signals, env, users, working dirs, volumes, tmpfs, read-only roots. */
class RunIT extends ContainerTestBase {

    @Test
    void theExitCodeOfRunIsTheContainers() throws Exception {
        CliResult ok = sh(List.of(), "echo hello; echo oops >&2");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertEquals("hello\n", ok.stdout());
        assertEquals("oops\n", ok.stderr());
        assertEquals(42, sh(List.of(), "exit 42").exitCode());
        // PID 1 cannot be killed from inside; a child killed by a signal gives 128 + signal.
        assertEquals(137, sh(List.of(), "sleep 30 & kill -9 $!; wait $!").exitCode(), "a killed process's status");
    }

    @Test
    void stopSendsTermThenKillAndKillSendsTheSignalAsked() throws Exception {
        String trapped = hako("run", "-d", IMAGE, "sh", "-c", "trap 'echo got TERM; exit 12' TERM; while true; do sleep 0.2; done")
                .requireSuccess().stdout().strip();
        waitForRunning(trapped);
        hako("stop", trapped).requireSuccess();
        assertEquals("12", hako("wait", trapped).requireSuccess().stdout().strip());
        assertTrue(hako("logs", trapped).stdout().contains("got TERM"));

        String stubborn = hako("run", "-d", IMAGE, "sleep", "300").requireSuccess().stdout().strip();
        waitForRunning(stubborn);
        hako("stop", "-t", "1", stubborn).requireSuccess();
        JsonNode state = inspect(stubborn).path("State");
        assertEquals(137, state.path("ExitCode").asInt(), "sleep as PID 1 ignores TERM, so KILL ends it");
        assertEquals("exited", state.path("Status").asText());

        String hup = hako("run", "-d", IMAGE, "sh", "-c", "trap 'exit 3' HUP; while true; do sleep 0.2; done")
                .requireSuccess().stdout().strip();
        waitForRunning(hup);
        hako("kill", "-s", "HUP", hup).requireSuccess();
        assertEquals("3", hako("wait", hup).requireSuccess().stdout().strip());
        for (String id : List.of(trapped, stubborn, hup)) {
            hako("rm", id).requireSuccess();
            leftovers(id).assertNone();
        }
    }

    @Test
    void environmentUserAndWorkingDirectory() throws Exception {
        Path envFile = Files.createTempFile("hako-it-env", ".list");
        try {
            Files.writeString(envFile, "# comment\nFROM_FILE=yes\nOVERRIDE=file\n");
            CliResult env = sh(List.of("-e", "A=1", "--env-file", envFile.toString(), "-e", "OVERRIDE=flag"),
                    "echo $A $FROM_FILE $OVERRIDE; echo $PATH");
            assertEquals("1 yes flag\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n", env.requireSuccess().stdout());
        } finally {
            Files.delete(envFile);
        }
        assertEquals("uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n",
                sh(List.of("-u", "nobody"), "id").requireSuccess().stdout());
        assertEquals("uid=1000(app) gid=1000(app) groups=50(staff),1000(app)\n",
                sh(List.of("-u", "app"), "id").requireSuccess().stdout());
        assertEquals("uid=1234 gid=50(staff) groups=50(staff)\n",
                sh(List.of("-u", "1234:staff"), "id").requireSuccess().stdout());
        assertEquals("/work/new\n", sh(List.of("-w", "/work/new"), "pwd").requireSuccess().stdout());
        assertEquals("/home/app\napp\n",
                sh(List.of("-u", "app", "-w", "/home/app"), "pwd; stat -c %U .").requireSuccess().stdout());
        CliResult entrypoint = hako("run", "--rm", "--entrypoint", "/bin/echo", IMAGE, "from", "entrypoint");
        assertEquals("from entrypoint\n", entrypoint.requireSuccess().stdout());
        assertEquals("hostbox\n", sh(List.of("--hostname", "hostbox"), "hostname").requireSuccess().stdout());
    }

    @Test
    void volumesTmpfsAndReadOnlyRoots() throws Exception {
        Path host = Files.createTempDirectory("hako-it-volume");
        try {
            Files.writeString(host.resolve("from-host"), "host data\n");
            CliResult rw = sh(List.of("-v", host + ":/data"), "cat /data/from-host; echo written > /data/from-container");
            assertEquals("host data\n", rw.requireSuccess().stdout());
            assertEquals("written\n", Files.readString(host.resolve("from-container")));

            CliResult ro = sh(List.of("-v", host + ":/data:ro"), "echo no > /data/denied");
            assertEquals(1, ro.exitCode(), ro.toString());
            assertTrue(ro.stderr().contains("Read-only file system"), ro.toString());
            assertFalse(Files.exists(host.resolve("denied")));
        } finally {
            try (var s = Files.walk(host)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        CliResult tmpfs = sh(List.of("--tmpfs", "/scratch"), "grep ' /scratch ' /proc/mounts | cut -d' ' -f3; touch /scratch/x");
        assertEquals("tmpfs\n", tmpfs.requireSuccess().stdout());

        CliResult readOnly = sh(List.of("--read-only"), "touch /should-fail");
        assertEquals(1, readOnly.exitCode());
        assertTrue(readOnly.stderr().contains("Read-only file system"), readOnly.toString());
        assertEquals(0, sh(List.of("--read-only", "--tmpfs", "/tmp"), "touch /tmp/ok").exitCode(),
                "a tmpfs stays writable on a read-only root");
    }

    @Test
    void eachContainerGetsItsOwnEtcFilesAndDefaultMounts() throws Exception {
        CliResult r = sh(List.of("--name", "etcfiles"),
                "cat /etc/hostname; grep -c localhost /etc/hosts; test -e /etc/resolv.conf && echo resolv; "
                        + "grep -E ' /dev/shm ' /proc/mounts | grep -o 'size=[0-9]*k'; ls /dev/null /dev/zero /dev/urandom /dev/pts/ptmx");
        List<String> lines = r.requireSuccess().stdout().lines().toList();
        assertEquals(12, lines.get(0).length(), "hostname is the short id: " + lines);
        assertEquals("resolv", lines.get(2));
        assertEquals("size=65536k", lines.get(3));
        assertTrue(r.stdout().contains("/dev/pts/ptmx"), r.stdout());
    }

    @Test
    void interactiveInputReachesTheContainer() {
        CliResult r = hakod.hako(new ByteArrayInputStream("line one\nline two\n".getBytes()),
                "run", "--rm", "-i", IMAGE, "sh", "-c", "wc -l; echo done");
        assertEquals("2\ndone\n", r.requireSuccess().stdout().replace(" ", ""));
    }

    @Test
    void aTerminalMakesOneStreamWithCrLf() {
        CliResult r = hako("run", "--rm", "-t", IMAGE, "sh", "-c", "tty; echo to-stderr >&2");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("/dev/pts/0\r\n"), r.stdout());
        assertTrue(r.stdout().contains("to-stderr\r\n"), "stderr goes to the terminal too: " + r.stdout());
    }

    private void waitForRunning(String id) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (inspect(id).path("State").path("Running").asBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never ran");
    }
}
