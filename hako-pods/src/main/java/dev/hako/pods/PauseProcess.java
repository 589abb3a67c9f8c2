package dev.hako.pods;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.Namespaces;
import dev.hako.sys.Processes;
import dev.hako.sys.Signals;
import dev.hako.sys.Spawn;
import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one process a pod has of its own, and only when it shares one PID namespace among its
 * containers: Debian's {@code catatonit -P} as PID 1 of a new PID namespace, inside the pod's
 * pinned network, IPC and UTS namespaces. hakod spawns it itself from a thread that entered
 * those namespaces (no nsenter, unshare or setsid to exec first), in a session of its own so it
 * outlives hakod. A PID namespace dies with its first process, so pinning it is not enough:
 * containers join it through a bind mount of the pause's {@code /proc/PID/ns/pid}, and the pod
 * is not ready once the pause is gone.
 */
final class PauseProcess {
    static final Path CATATONIT = Path.of("/usr/bin/catatonit");
    private static final long STOP_TIMEOUT_NANOS = 5_000_000_000L;

    private PauseProcess() {}

    /**
     * Starts the pause in the pod's namespaces and pins its PID namespace on {@code pidPin}.
     *
     * @param namespaces the pinned net, ipc and uts files to join (only those present)
     * @return the pause's pid
     */
    static int start(Map<Namespaces.Kind, Path> namespaces, Path pidPin, Path pidFile) throws IOException {
        if (!Files.isExecutable(CATATONIT)) {
            throw HakoException.precondition("a shared PID namespace needs %s: apt-get install catatonit", CATATONIT);
        }
        int pause = Namespaces.spawnInNewPidNamespace(namespaces, new Spawn.Request(
                List.of(CATATONIT.toString(), "-P"), Map.of(), Map.of(), Path.of("/"), true));
        try {
            Files.createFile(pidPin);
            Syscalls.mount("/proc/" + pause + "/ns/pid", pidPin, null, Syscalls.MS_BIND, null);
            Files.writeString(pidFile, Integer.toString(pause));
            return pause;
        } catch (IOException | RuntimeException e) {
            if (!running(pause)) {
                e.addSuppressed(new IOException("the pod's pause process (catatonit) ended at once"));
            }
            Processes.signalIfAlive(pause, Signals.SIGKILL);
            Spawn.waitFor(pause);
            throw e;
        }
    }

    /** Kills the pause and waits until it is gone; a pause that is gone already is fine. */
    static void stop(Path pidFile) throws IOException {
        Optional<Integer> recorded = pid(pidFile);
        if (recorded.isPresent() && isPause(recorded.get())) {
            int pid = recorded.get();
            Processes.signalIfAlive(pid, Signals.SIGKILL);
            if (isOurChild(pid)) {
                Spawn.waitFor(pid); // started by this hakod: ours to reap, dead or a zombie already
            } else {
                // Started by an earlier hakod: init reaps it; until then it is a zombie, not running.
                long deadline = System.nanoTime() + STOP_TIMEOUT_NANOS;
                while (running(pid) && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        Files.deleteIfExists(pidFile);
    }

    /** Whether the pause recorded in {@code pidFile} still runs. */
    static boolean alive(Path pidFile) throws IOException {
        return livePid(pidFile).isPresent();
    }

    /** The pid recorded in {@code pidFile} while that pause runs (not a zombie). */
    static Optional<Integer> livePid(Path pidFile) throws IOException {
        return pid(pidFile).filter(pid -> isPause(pid) && running(pid));
    }

    private static Optional<Integer> pid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(Files.readString(pidFile).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Alive and not a zombie. */
    static boolean running(int pid) {
        return Processes.info(pid).map(info -> !info.zombie()).orElse(false);
    }

    /**
     * A recorded pid may have been reused after a reboot: only catatonit counts (its name stays in
     * /proc/PID/stat while it is a zombie), or the {@code unshare} that earlier versions of hakod
     * started it under (it kills its catatonit when killed).
     */
    private static boolean isPause(int pid) {
        Optional<Processes.Info> info = Processes.info(pid);
        if (info.isEmpty()) {
            return false;
        }
        if (info.get().command().equals(CATATONIT.getFileName().toString())) {
            return true;
        }
        try {
            String cmdline = Files.readString(Path.of("/proc", Integer.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.startsWith("unshare ") && cmdline.contains(CATATONIT.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isOurChild(int pid) {
        return Processes.info(pid).map(info -> info.parentPid() == ProcessHandle.current().pid()).orElse(false);
    }
}
