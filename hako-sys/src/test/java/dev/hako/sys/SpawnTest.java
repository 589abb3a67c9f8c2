package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnTest {
    @TempDir
    Path dir;

    private static String readAll(int fd) throws SysException {
        StringBuilder out = new StringBuilder();
        byte[] buffer = new byte[256];
        int n;
        while ((n = FileDescriptors.read(fd, buffer, 0, buffer.length)) > 0) {
            out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @Test
    void mapsPipesToTheNumbersAskedForAndPassesOnlyTheGivenEnvironment() throws Exception {
        try (Pipe out = Pipe.open(); Pipe in = Pipe.open()) {
            int pid = Spawn.start(new Spawn.Request(
                    List.of("sh", "-c", "read line <&4; echo \"$line $GREETING ${HOME:-nohome}\" >&3; pwd >&3"),
                    Map.of("GREETING", "hello", "PATH", "/usr/bin:/bin"),
                    Map.of(3, out.writeFd(), 4, in.readFd()), dir, false));
            out.closeWrite();
            in.closeRead();
            FileDescriptors.writeFully(in.writeFd(), "pipe\n".getBytes(StandardCharsets.UTF_8));
            in.closeWrite();
            String text = readAll(out.readFd());
            assertEquals("pipe hello nohome\n" + dir.toRealPath() + "\n", text);
            Spawn.ExitStatus status = Spawn.waitFor(pid);
            assertEquals(new Spawn.ExitStatus(0, 0), status);
        }
    }

    @Test
    void theChildGetsExactlyTheMappedDescriptorsInANewSession() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            int pid = Spawn.start(new Spawn.Request(List.of("sleep", "30"), Map.of(), Map.of(3, pipe.writeFd()), null,
                    true));
            try {
                // Read once sleep sleeps: while the dynamic loader runs, it holds ld.so.cache and the
                // libraries open for a moment, as the next free descriptors.
                awaitSleeping(pid);
                Set<Integer> fds = descriptorsOf(pid);
                assertEquals(Set.of(0, 1, 2, 3), fds, "the JVM's other descriptors must not leak into the child");
                assertEquals("/dev/null", Files.readSymbolicLink(Path.of("/proc", "" + pid, "fd", "0")).toString());
                Processes.Info info = Processes.info(pid).orElseThrow();
                assertEquals(pid, info.session(), "setsid: the child leads its own session");
                assertNotEquals(Processes.info(Processes.self()).orElseThrow().session(), info.session());
                assertTrue(Spawn.poll(pid).isEmpty(), "still running");
            } finally {
                Processes.kill(pid, Signals.SIGKILL);
            }
            Spawn.ExitStatus status = Spawn.waitFor(pid);
            assertTrue(status.signaled());
            assertEquals(Signals.SIGKILL, status.signal());
            assertEquals(137, status.shellCode());
            assertFalse(Processes.isAlive(pid));
        }
    }

    private static Set<Integer> descriptorsOf(int pid) throws IOException {
        // The child may still be between spawn and exec for an instant: wait until it runs sleep.
        for (int i = 0; i < 100; i++) {
            if (Processes.info(pid).map(p -> p.command().equals("sleep")).orElse(false)) {
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> s = Files.list(Path.of("/proc", "" + pid, "fd"))) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void mappingsThatSwapDescriptorsStillLandRight() throws Exception {
        // Child fd 4 gets what is our fd 3-ish and vice versa: sources are copied above the
        // targets first, so neither dup2 overwrites the other's source.
        try (Pipe a = Pipe.open(); Pipe b = Pipe.open()) {
            int pid = Spawn.start(new Spawn.Request(List.of("sh", "-c", "echo A >&3; echo B >&4"), Map.of(),
                    Map.of(3, a.writeFd(), 4, b.writeFd()), null, false));
            a.closeWrite();
            b.closeWrite();
            assertEquals("A\n", readAll(a.readFd()));
            assertEquals("B\n", readAll(b.readFd()));
            assertEquals(0, Spawn.waitFor(pid).code());
        }
    }

    @Test
    void exitCodesAreDecoded() throws Exception {
        int pid = Spawn.start(new Spawn.Request(List.of("sh", "-c", "exit 3"), Map.of(), Map.of(), null, false));
        assertEquals(new Spawn.ExitStatus(3, 0), Spawn.waitFor(pid));
        assertEquals(new Spawn.ExitStatus(-1, 15), Spawn.ExitStatus.decode(15));
        assertEquals(new Spawn.ExitStatus(2, 0), Spawn.ExitStatus.decode(2 << 8));
        assertEquals(143, Spawn.ExitStatus.decode(15).shellCode());
    }

    @Test
    void aMissingProgramFailsWithENOENT() {
        SysException e = assertThrows(SysException.class, () -> Spawn.start(new Spawn.Request(
                List.of("/nonexistent/program"), Map.of(), Map.of(), null, false)));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("/nonexistent/program"), e.getMessage());
    }

    @Test
    void waitingForSomethingThatIsNotAChildIsECHILD() {
        SysException e = assertThrows(SysException.class, () -> Spawn.waitFor(1));
        assertEquals(Errno.ECHILD, e.errno());
    }

    /** Waits until {@code pid} is in an interruptible sleep (state S in /proc/PID/stat). */
    private static void awaitSleeping(int pid) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("S")) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the child never went to sleep: " + stat);
            Thread.sleep(5);
        }
    }
}
