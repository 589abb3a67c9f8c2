package dev.hako.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Linux namespaces held without a process: a fresh platform thread unshares the kinds asked for and
 * bind-mounts its own {@code /proc/thread-self/ns/*} onto files, which keep the namespaces alive
 * after the thread ends (this is how a pod's network, IPC and UTS namespaces exist without a pause
 * process). The same kind of throwaway thread enters a pinned namespace to work inside it, so no
 * thread that serves anything else ever changes namespace.
 */
public final class Namespaces {
    private static final MethodHandle UNSHARE = Native.function("unshare",
            FunctionDescriptor.of(Native.INT, Native.INT));
    private static final MethodHandle SETNS = Native.function("setns",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.INT));
    private static final MethodHandle SETHOSTNAME = Native.function("sethostname",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.LONG));
    private static final int CLONE_NEWPID = 0x20000000;

    /** The namespace kinds a pod can pin, with their clone flags and /proc names. */
    public enum Kind {
        NET(0x40000000, "net"),
        IPC(0x08000000, "ipc"),
        UTS(0x04000000, "uts");

        final int flag;
        final String procName;

        Kind(int flag, String procName) {
            this.flag = flag;
            this.procName = procName;
        }

        public String procName() {
            return procName;
        }
    }

    private Namespaces() {}

    /**
     * Creates new namespaces of the given kinds and pins each on {@code dir/<kind>} (net, ipc, uts).
     * With UTS, {@code hostname} becomes the namespace's host name. On failure nothing stays
     * mounted or created.
     *
     * @return the pinned files by kind
     */
    public static Map<Kind, Path> pin(Set<Kind> kinds, Path dir, String hostname) throws IOException {
        Map<Kind, Path> pinned = new LinkedHashMap<>();
        if (kinds.isEmpty()) {
            return pinned;
        }
        Files.createDirectories(dir);
        onFreshThread("hako-pin-ns", () -> {
            int flags = 0;
            for (Kind kind : kinds) {
                flags |= kind.flag;
            }
            unshare(flags);
            if (kinds.contains(Kind.UTS) && hostname != null && !hostname.isEmpty()) {
                sethostname(hostname);
            }
            try {
                for (Kind kind : EnumSet.copyOf(kinds)) {
                    Path target = dir.resolve(kind.procName);
                    Files.deleteIfExists(target);
                    Files.createFile(target);
                    Syscalls.mount("/proc/thread-self/ns/" + kind.procName, target, null, Syscalls.MS_BIND, null);
                    pinned.put(kind, target);
                }
            } catch (IOException | RuntimeException e) {
                unpin(pinned.values());
                throw e;
            }
            return null;
        });
        return pinned;
    }

    /** Unmounts and deletes pinned namespace files; the namespaces end with their last user. Idempotent. */
    public static void unpin(Iterable<Path> pins) throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (Path pin : pins) {
            try {
                if (isPinned(pin)) {
                    Syscalls.umount(pin, Syscalls.MNT_DETACH);
                }
                Files.deleteIfExists(pin);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Whether a namespace file is mounted on {@code pin} (its inode is then an nsfs one, not a plain file). */
    public static boolean isPinned(Path pin) throws IOException {
        if (!Files.exists(pin)) {
            return false;
        }
        // A bind-mounted namespace lives on nsfs, whose device differs from the directory's.
        Object pinDevice = Files.getAttribute(pin, "unix:dev");
        Object dirDevice = Files.getAttribute(pin.getParent(), "unix:dev");
        return !pinDevice.equals(dirDevice);
    }

    /**
     * Runs {@code work} on a fresh platform thread that has first entered the namespace pinned at
     * {@code nsFile} (e.g. a pod's network namespace, to open a socket inside it); the thread ends
     * with the work, so its namespace never leaks into anything else.
     */
    public static <T> T callIn(Path nsFile, Kind kind, Callable<T> work) throws IOException {
        return onFreshThread("hako-in-" + kind.procName, () -> {
            int fd = FileDescriptors.open(nsFile, Native.O_RDONLY | Native.O_CLOEXEC);
            try {
                setns(fd, kind.flag, nsFile);
            } finally {
                FileDescriptors.closeQuietly(fd);
            }
            return work.call();
        });
    }

    /**
     * Starts a process as PID 1 of a new PID namespace, inside the namespaces pinned on
     * {@code pinned}: a fresh platform thread enters them, unshares its PID namespace for children
     * and spawns the process from there (the kernel keeps that namespace per thread, so nothing
     * else is touched). Returns the process's PID (a child of this JVM: the caller reaps it).
     */
    public static int spawnInNewPidNamespace(Map<Kind, Path> pinned, Spawn.Request request) throws IOException {
        return onFreshThread("hako-spawn-pidns", () -> {
            for (Map.Entry<Kind, Path> pin : pinned.entrySet()) {
                int fd = FileDescriptors.open(pin.getValue(), Native.O_RDONLY | Native.O_CLOEXEC);
                try {
                    setns(fd, pin.getKey().flag, pin.getValue());
                } finally {
                    FileDescriptors.closeQuietly(fd);
                }
            }
            unshare(CLONE_NEWPID);
            return Spawn.start(request);
        });
    }

    private static <T> T onFreshThread(String name, Callable<T> work) throws IOException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while working in a namespace", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private static void unshare(int flags) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            int r = (int) UNSHARE.invokeExact(state, flags);
            if (r < 0) {
                throw new SysException("unshare", "namespaces 0x" + Integer.toHexString(flags), Native.errno(state));
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void setns(int fd, int nstype, Path file) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            int r = (int) SETNS.invokeExact(state, fd, nstype);
            if (r < 0) {
                throw new SysException("setns", file.toString(), Native.errno(state));
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void sethostname(String hostname) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            byte[] bytes = hostname.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MemorySegment name = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes);
            int r = (int) SETHOSTNAME.invokeExact(state, name, (long) bytes.length);
            if (r < 0) {
                throw new SysException("sethostname", hostname, Native.errno(state));
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
