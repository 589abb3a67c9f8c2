package dev.hako.monitor;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.sys.Processes;
import dev.hako.sys.Signals;
import dev.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** conmon processes: their PID files, whether one is alive and watching a container, and their end. */
final class ConmonProcesses {
    private ConmonProcesses() {}

    static int readPid(Path file) throws IOException {
        return readPidIfPresent(file).orElseThrow(() -> new HakoException(ErrorKind.INTERNAL,
                "conmon wrote no PID file at " + file));
    }

    static Optional<Integer> readPidIfPresent(Path file) throws IOException {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            throw new HakoException(ErrorKind.INTERNAL, "not a PID in " + file, e);
        }
    }

    /** True while {@code pid} is a running conmon (a reused PID of another program is not). */
    static boolean isAlive(int pid) {
        return Processes.info(pid).filter(p -> !p.zombie() && p.command().equals("conmon")).isPresent();
    }

    /** True while {@code pid} is a running conmon watching container {@code id}: PIDs are reused, by other conmons too. */
    static boolean isMonitoring(int pid, String id) {
        if (!isAlive(pid)) {
            return false;
        }
        try {
            List<String> args = List.of(Files.readString(Path.of("/proc", Integer.toString(pid), "cmdline")).split("\0"));
            int c = args.indexOf("-c");
            return c >= 0 && c + 1 < args.size() && args.get(c + 1).equals(id);
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    /** Waits until conmon {@code pid} is gone: true when it is, false when {@code timeout} passed first. */
    static boolean awaitExit(int pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isAlive(pid);
            }
        }
        return true;
    }

    static void killQuietly(int pid) {
        try {
            Processes.signalIfAlive(pid, Signals.SIGKILL);
        } catch (SysException e) {
            // Gone or not ours: nothing more to do.
        }
    }
}
