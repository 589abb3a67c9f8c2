package dev.hako.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Starts a process with chosen file descriptors, which ProcessBuilder cannot do (it closes every
 * descriptor above 2 in the child). conmon needs this: it reads the numbers of its sync and start
 * pipes from its environment. The child gets exactly the mapped descriptors (stdio that is not
 * mapped is /dev/null), the given environment and nothing else: every other descriptor of the JVM
 * is closed in the child.
 */
public final class Spawn {
    private static final MethodHandle SPAWNP = Native.plain("posix_spawnp", FunctionDescriptor.of(Native.INT,
            Native.PTR, Native.PTR, Native.PTR, Native.PTR, Native.PTR, Native.PTR));
    private static final MethodHandle FA_INIT = Native.plain("posix_spawn_file_actions_init",
            FunctionDescriptor.of(Native.INT, Native.PTR));
    private static final MethodHandle FA_DESTROY = Native.plain("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(Native.INT, Native.PTR));
    private static final MethodHandle FA_DUP2 = Native.plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.INT, Native.INT));
    private static final MethodHandle FA_OPEN = Native.plain("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.INT, Native.PTR, Native.INT, Native.INT));
    private static final MethodHandle FA_CHDIR = Native.plain("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.PTR));
    private static final MethodHandle FA_CLOSEFROM = Native.plain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.INT));
    private static final MethodHandle ATTR_INIT = Native.plain("posix_spawnattr_init",
            FunctionDescriptor.of(Native.INT, Native.PTR));
    private static final MethodHandle ATTR_DESTROY = Native.plain("posix_spawnattr_destroy",
            FunctionDescriptor.of(Native.INT, Native.PTR));
    private static final MethodHandle ATTR_SETFLAGS = Native.plain("posix_spawnattr_setflags",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = Native.plain("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.PTR));
    private static final MethodHandle ATTR_SETSIGDEFAULT = Native.plain("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.PTR));
    private static final MethodHandle SIGEMPTYSET = Native.plain("sigemptyset", FunctionDescriptor.of(Native.INT, Native.PTR));
    private static final MethodHandle SIGFILLSET = Native.plain("sigfillset", FunctionDescriptor.of(Native.INT, Native.PTR));
    private static final MethodHandle WAITPID = Native.function("waitpid",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT));

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int WNOHANG = 1;
    // glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128 (x86_64
    // and aarch64); these allocations leave room to spare.
    private static final long OPAQUE_SIZE = 1024;

    private Spawn() {}

    /**
     * What to start.
     *
     * @param argv the program (looked up on the JVM's PATH when it has no slash) and its arguments
     * @param env the child's whole environment
     * @param fds descriptor number in the child → descriptor of this process to put there
     * @param directory the child's working directory; null keeps the JVM's
     * @param newSession start the child in a new session (setsid), away from this process's
     *     terminal and process group, so signals aimed at hakod's group never reach it
     */
    public record Request(List<String> argv, Map<String, String> env, Map<Integer, Integer> fds, Path directory,
            boolean newSession) {
        public Request {
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
            fds = Map.copyOf(fds);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("argv is empty");
            }
            for (int target : fds.keySet()) {
                if (target < 0) {
                    throw new IllegalArgumentException("negative descriptor number " + target);
                }
            }
        }
    }

    /** How a process ended: its exit code, or the signal that killed it. */
    public record ExitStatus(int code, int signal) {
        public static ExitStatus decode(int status) {
            int low = status & 0x7f;
            return low == 0 ? new ExitStatus((status >> 8) & 0xff, 0) : new ExitStatus(-1, low);
        }

        public boolean signaled() {
            return signal != 0;
        }

        /** The shell's convention: the exit code, or 128 + the signal number. */
        public int shellCode() {
            return signaled() ? 128 + signal : code;
        }

        @Override
        public String toString() {
            return signaled() ? "killed by signal " + signal : "exit status " + code;
        }
    }

    /** posix_spawnp(3); the returned pid must be reaped with {@link #waitFor} or {@link #poll}. */
    public static int start(Request request) throws SysException {
        String program = request.argv().getFirst();
        // Children descriptors are filled by dup2 from copies numbered above every target, so no
        // dup2 can overwrite a source that a later dup2 still needs.
        TreeMap<Integer, Integer> targets = new TreeMap<>(request.fds());
        int firstFree = Math.max(3, targets.isEmpty() ? 0 : targets.lastKey() + 1);
        List<Integer> copies = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE_SIZE);
            MemorySegment attr = arena.allocate(OPAQUE_SIZE);
            check((int) FA_INIT.invokeExact(actions), "posix_spawn_file_actions_init", program);
            check((int) ATTR_INIT.invokeExact(attr), "posix_spawnattr_init", program);
            try {
                MemorySegment devNull = arena.allocateFrom("/dev/null");
                for (int stdio = 0; stdio <= 2; stdio++) {
                    if (!targets.containsKey(stdio)) {
                        int flags = stdio == 0 ? Native.O_RDONLY : Native.O_WRONLY;
                        check((int) FA_OPEN.invokeExact(actions, stdio, devNull, flags, 0),
                                "posix_spawn_file_actions_addopen", program);
                    }
                }
                for (Map.Entry<Integer, Integer> e : targets.entrySet()) {
                    int copy = FileDescriptors.duplicateAtLeast(e.getValue(), firstFree);
                    copies.add(copy);
                    check((int) FA_DUP2.invokeExact(actions, copy, e.getKey().intValue()),
                            "posix_spawn_file_actions_adddup2", program);
                }
                check((int) FA_CLOSEFROM.invokeExact(actions, firstFree), "posix_spawn_file_actions_addclosefrom_np",
                        program);
                if (request.directory() != null) {
                    check((int) FA_CHDIR.invokeExact(actions, arena.allocateFrom(request.directory().toString())),
                            "posix_spawn_file_actions_addchdir_np", program);
                }
                // The JVM blocks and handles signals its own way; the child starts clean.
                MemorySegment empty = arena.allocate(OPAQUE_SIZE);
                MemorySegment all = arena.allocate(OPAQUE_SIZE);
                int ignored = (int) SIGEMPTYSET.invokeExact(empty);
                ignored = (int) SIGFILLSET.invokeExact(all);
                check((int) ATTR_SETSIGMASK.invokeExact(attr, empty), "posix_spawnattr_setsigmask", program);
                check((int) ATTR_SETSIGDEFAULT.invokeExact(attr, all), "posix_spawnattr_setsigdefault", program);
                short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                        | (request.newSession() ? POSIX_SPAWN_SETSID : 0));
                check((int) ATTR_SETFLAGS.invokeExact(attr, flags), "posix_spawnattr_setflags", program);

                List<String> env = request.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
                MemorySegment pid = arena.allocate(Native.INT);
                int r = (int) SPAWNP.invokeExact(pid, arena.allocateFrom(program), actions, attr,
                        Native.stringArray(arena, request.argv()), Native.stringArray(arena, env));
                check(r, "posix_spawnp", program);
                return pid.get(Native.INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
                ignored = (int) ATTR_DESTROY.invokeExact(attr);
                copies.forEach(FileDescriptors::closeQuietly);
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** waitpid(2), blocking until {@code pid} (a child of this process) ends. */
    public static ExitStatus waitFor(int pid) throws SysException {
        return waitpid(pid, 0).orElseThrow();
    }

    /** waitpid(2) with WNOHANG: empty while {@code pid} is still running. */
    public static Optional<ExitStatus> poll(int pid) throws SysException {
        return waitpid(pid, WNOHANG);
    }

    private static Optional<ExitStatus> waitpid(int pid, int options) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment status = arena.allocate(Native.INT);
            while (true) {
                int r = (int) WAITPID.invokeExact(state, pid, status, options);
                if (r > 0) {
                    return Optional.of(ExitStatus.decode(status.get(Native.INT, 0)));
                }
                if (r == 0) {
                    return Optional.empty();
                }
                if (Native.errno(state) != Errno.EINTR) {
                    throw new SysException("waitpid", "pid " + pid, Native.errno(state));
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    // The posix_spawn family returns an error number instead of setting errno.
    private static void check(int result, String call, String program) throws SysException {
        if (result != 0) {
            throw new SysException(call, program, result);
        }
    }
}
