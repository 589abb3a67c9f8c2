package dev.hako.pods;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.Processes;
import dev.hako.sys.Signals;
import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one process a pod has of its own, and only when it shares one PID namespace among its
 * containers: Debian's {@code catatonit -P} as PID 1 of a new PID namespace, inside the pod's
 * pinned network, IPC and UTS namespaces ({@code nsenter} joins them, {@code unshare --fork}
 * makes the PID namespace). A PID namespace dies with its first process, so pinning it is not
 * enough: containers join it through a bind mount of the pause's {@code /proc/PID/ns/pid}, and
 * the pod is not ready once the pause is gone.
 */
final class PauseProcess {
    static final Path CATATONIT = Path.of("/usr/bin/catatonit");
    private static final long START_TIMEOUT_NANOS = 10_000_000_000L;

    private PauseProcess() {}

    /**
     * Starts the pause in the pod's namespaces and pins its PID namespace on {@code pidPin}.
     *
     * @param namespaces the pinned net, ipc and uts files to join (only those present)
     * @return the pid of {@code unshare}, which waits for the pause and kills it when it is killed
     */
    static int start(List<Path> namespaces, Path pidPin, Path pidFile) throws IOException {
        if (!Files.isExecutable(CATATONIT)) {
            throw HakoException.precondition("a shared PID namespace needs %s: apt-get install catatonit", CATATONIT);
        }
        List<String> command = new ArrayList<>(List.of("nsenter"));
        for (Path ns : namespaces) {
            command.add("--" + ns.getFileName() + "=" + ns);
        }
        command.addAll(List.of("--", "unshare", "--pid", "--kill-child", CATATONIT.toString(), "-P"));
        // setsid: the pause outlives hakod (kill -9 included), like conmon does.
        command.addFirst("setsid");
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int unshare = (int) p.pid();
        try {
            int pause = awaitChild(p, unshare);
            Files.createFile(pidPin);
            Syscalls.mount("/proc/" + pause + "/ns/pid", pidPin, null, Syscalls.MS_BIND, null);
            Files.writeString(pidFile, Integer.toString(unshare));
            return unshare;
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Kills the pause (its unshare parent takes the pause with it); a pause that is gone already is fine. */
    static void stop(Path pidFile) throws IOException {
        Optional<Integer> pid = pid(pidFile);
        if (pid.isPresent() && isPause(pid.get())) {
            Processes.kill(pid.get(), Signals.SIGKILL);
            // Its parent (hakod, or init after a restart) reaps it; until then it is a zombie, not running.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (running(pid.get()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Files.deleteIfExists(pidFile);
    }

    /** Whether the pause recorded in {@code pidFile} still runs. */
    static boolean alive(Path pidFile) throws IOException {
        return livePid(pidFile).isPresent();
    }

    /** The pid recorded in {@code pidFile} while that pause runs. */
    static Optional<Integer> livePid(Path pidFile) throws IOException {
        return pid(pidFile).filter(PauseProcess::isPause);
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
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** A recorded pid may have been reused after a reboot: only an unshare running catatonit counts. */
    private static boolean isPause(int pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Integer.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.startsWith("unshare ") && cmdline.contains(CATATONIT.toString()) && running(pid);
        } catch (IOException e) {
            return false;
        }
    }

    /** The catatonit process {@code unshare} forked, once it exists. */
    private static int awaitChild(Process process, int parent) throws IOException {
        Path children = Path.of("/proc", Integer.toString(parent), "task", Integer.toString(parent), "children");
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw HakoException.precondition("the pod's pause process (catatonit) ended at once with status %d",
                        process.exitValue());
            }
            if (Files.exists(children)) {
                String text = Files.readString(children).strip();
                // Until unshare has execed, the child may be nsenter's or setsid's: wait for catatonit itself.
                for (String child : text.split("\\s+")) {
                    if (!child.isEmpty() && isCatatonit(Integer.parseInt(child))) {
                        return Integer.parseInt(child);
                    }
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the pause process", e);
            }
        }
        throw HakoException.unavailable("the pod's pause process did not start within 10 s");
    }

    private static boolean isCatatonit(int pid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "cmdline")).startsWith(CATATONIT.toString());
        } catch (IOException e) {
            return false;
        }
    }
}
