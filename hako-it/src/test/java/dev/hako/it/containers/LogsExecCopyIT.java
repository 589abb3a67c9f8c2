package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.BackgroundCli;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.LayerBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Logs in the CRI format, exec, top and cp. */
class LogsExecCopyIT extends ContainerTestBase {
    private static final Pattern CRI_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+([+-]\\d\\d:\\d\\d|Z) (stdout|stderr) ([PF]) (.*)");

    @Test
    void logsAreWrittenInTheCriFormatWithPartialLinesAndStderr() throws Exception {
        String longLine = "x".repeat(20_000);
        hako("run", "--name", "logs", IMAGE, "sh", "-c",
                "echo first; echo to-stderr >&2; printf '%s\\n' " + longLine + "; printf 'no newline'").requireSuccess();
        Path logFile = Path.of(inspect("logs").path("LogPath").asText());
        List<String> lines = Files.readAllLines(logFile);
        for (String line : lines) {
            assertTrue(CRI_LINE.matcher(line).matches(), "not a CRI log line: " + line.substring(0, Math.min(120, line.length())));
        }
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" stdout F first")));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" stderr F to-stderr")));
        assertTrue(lines.stream().anyMatch(l -> l.contains(" stdout P xxx")), "a long line is split into P records");
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" stdout P no newline")), "an unfinished line is P");

        CliResult logs = hako("logs", "logs").requireSuccess();
        assertTrue(logs.stdout().contains("first\n" + longLine + "\nno newline"), "hako logs joins the P records");
        assertEquals("to-stderr\n", logs.stderr());
        assertEquals(longLine + "\nno newline", hako("logs", "--tail", "2", "logs").requireSuccess().stdout());
        CliResult timestamps = hako("logs", "-t", "--tail", "1", "logs").requireSuccess();
        assertTrue(timestamps.stdout().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z no newline"), timestamps.stdout());
        hako("rm", "logs").requireSuccess();
    }

    @Test
    void logsFollowUntilTheContainerExits() {
        String id = hako("run", "-d", IMAGE, "sh", "-c", "for i in 1 2 3; do echo tick $i; sleep 0.3; done")
                .requireSuccess().stdout().strip();
        CliResult follow = hako("logs", "-f", id);
        assertEquals("tick 1\ntick 2\ntick 3\n", follow.requireSuccess().stdout());
        hako("rm", id).requireSuccess();
    }

    @Test
    void execRunsInTheContainerWithItsOwnSettings() {
        String id = hako("run", "-d", "--name", "execs", "-e", "FROM_RUN=1", IMAGE, "sleep", "300").requireSuccess().stdout().strip();
        try {
            CliResult env = hako("exec", "-e", "EXTRA=2", "-w", "/tmp", "execs", "sh", "-c", "echo $FROM_RUN $EXTRA; pwd");
            assertEquals("1 2\n/tmp\n", env.requireSuccess().stdout());
            assertEquals("uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n",
                    hako("exec", "-u", "nobody", "execs", "id").requireSuccess().stdout());
            assertEquals(5, hako("exec", "execs", "sh", "-c", "exit 5").exitCode());
            CliResult stdin = hakod.hako(new ByteArrayInputStream("a\nb\nc\n".getBytes()), "exec", "-i", "execs", "wc", "-l");
            assertEquals("3", stdin.requireSuccess().stdout().strip());
            CliResult missing = hako("exec", "execs", "no-such-command");
            assertTrue(missing.exitCode() != 0, missing.toString());

            CliResult top = hako("top", "execs").requireSuccess();
            assertTrue(top.stdout().lines().findFirst().orElseThrow().contains("PID"), top.stdout());
            assertTrue(top.stdout().contains("sleep 300"), top.stdout());
        } finally {
            hako("rm", "-f", id);
        }
        CliResult notRunning = hako("exec", id, "true");
        assertEquals(1, notRunning.exitCode(), notRunning.toString());
    }

    @Test
    void aDetachedExecRunsOnAndAnExecWhoseClientGoesEndsWithIt() throws Exception {
        String id = hako("run", "-d", IMAGE, "sleep", "300").requireSuccess().stdout().strip();
        try {
            hako("exec", "-d", id, "sh", "-c", "sleep 1; echo done > /tmp/detached").requireSuccess();
            awaitOutput(id, List.of("cat", "/tmp/detached"), "done\n");

            try (BackgroundCli exec = hakod.hakoInBackground("exec", id, "sleep", "7301")) {
                awaitTop(id, "sleep 7301", true);
            } // the client is killed: its call ends, and the process with it
            awaitTop(id, "sleep 7301", false);
        } finally {
            hako("rm", "-f", id);
        }
    }

    private void awaitOutput(String id, List<String> cmd, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String seen = "";
        while (System.nanoTime() < deadline) {
            List<String> args = new java.util.ArrayList<>(List.of("exec", id));
            args.addAll(cmd);
            seen = hako(args.toArray(String[]::new)).stdout();
            if (seen.equals(wanted)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(cmd + " answered " + seen + ", not " + wanted);
    }

    private void awaitTop(String id, String process, boolean running) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        String top = "";
        while (System.nanoTime() < deadline) {
            top = hako("top", id).requireSuccess().stdout();
            if (top.contains(process) == running) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(process + (running ? " never ran: " : " still runs: ") + top);
    }

    @Test
    void copyInAndOutOfAContainer() throws Exception {
        String id = hako("run", "-d", "--name", "copies", IMAGE, "sh", "-c",
                "mkdir -p /data/sub && echo inside > /data/sub/file && ln -s /etc/passwd /data/link && sleep 300")
                .requireSuccess().stdout().strip();
        Path dir = Files.createTempDirectory("hako-it-cp");
        try {
            for (int i = 0; i < 50 && hako("exec", "copies", "test", "-e", "/data/link").exitCode() != 0; i++) {
                Thread.sleep(50);
            }
            hako("cp", "copies:/data", dir.toString()).requireSuccess();
            assertEquals("inside\n", Files.readString(dir.resolve("data/sub/file")));
            assertEquals("/etc/passwd", Files.readSymbolicLink(dir.resolve("data/link")).toString(),
                    "a symlink is copied as a symlink, not followed");

            Path upload = dir.resolve("upload.txt");
            Files.writeString(upload, "from host\n");
            hako("cp", upload.toString(), "copies:/data/sub").requireSuccess();
            assertEquals("from host\n", hako("exec", "copies", "cat", "/data/sub/upload.txt").requireSuccess().stdout());

            // As docker cp: the path's last component is copied as it is, a symlink as a symlink.
            hako("cp", "copies:/data/link", dir.resolve("link-copy").toString()).requireSuccess();
            assertEquals("/etc/passwd", Files.readSymbolicLink(dir.resolve("link-copy")).toString());
            CliResult missing = hako("cp", "copies:/nope", dir.toString());
            assertEquals(1, missing.exitCode(), missing.toString());
        } finally {
            hako("rm", "-f", id);
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertFalse(Files.exists(Path.of("/data/sub/upload.txt")));
    }

    @Test
    void aFailedCopyIntoAContainerIsRolledBack() throws Exception {
        String id = hako("run", "-d", IMAGE, "sh", "-c", "mkdir /data && echo old > /data/existing && sleep 300")
                .requireSuccess().stdout().strip();
        try {
            for (int i = 0; i < 50 && hako("exec", id, "test", "-e", "/data/existing").exitCode() != 0; i++) {
                Thread.sleep(50);
            }
            byte[] tar = new LayerBuilder().dir("made", 0755).file("made/file", "new\n").file("existing", "replaced\n")
                    .symlink("link", "/etc/passwd").file("../escape", "refused\n").build();
            CliResult r = hakod.hako(new ByteArrayInputStream(tar), "cp", "-", id + ":/data");
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("climbs out of the destination"), r.toString());
            assertEquals("existing\n", hako("exec", id, "ls", "-A", "/data").requireSuccess().stdout(),
                    "what the copy made before the refused entry is gone");
            assertEquals("old\n", hako("exec", id, "cat", "/data/existing").requireSuccess().stdout(),
                    "what it replaced is back");
            assertEquals(1, hako("exec", id, "test", "-e", "/escape").exitCode());
        } finally {
            hako("rm", "-f", id);
        }
    }
}
