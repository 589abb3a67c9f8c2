package dev.hako.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The descriptor-relative system calls ({@code *at}) that {@link RootDir}, {@link Dir} and
 * {@link Fd} are made of. Callers hand them a directory descriptor and one name; the only paths
 * are openat2's (resolved under RESOLVE_IN_ROOT) and the trusted host paths of hakod's own (a
 * root's mount, /proc/self/fd). EINTR is retried; any other failure is a {@link SysException}.
 */
final class AtCalls {
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;

    // openat2(2)'s resolve flags (linux/openat2.h).
    static final long RESOLVE_NO_MAGICLINKS = 0x02;
    static final long RESOLVE_IN_ROOT = 0x10;
    /** The number is the same on every architecture (system calls from 424 on are shared). */
    private static final long SYS_OPENAT2 = 437;

    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private static final MethodHandle OPENAT = Native.variadic("openat",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT, Native.INT), 3);
    private static final MethodHandle SYSCALL4 = Native.variadic("syscall",
            FunctionDescriptor.of(Native.LONG, Native.LONG, Native.INT, Native.PTR, Native.PTR, Native.LONG), 1);
    private static final MethodHandle STATX = Native.function("statx",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT, Native.INT, Native.PTR));
    private static final MethodHandle READLINKAT = Native.function("readlinkat",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.PTR, Native.PTR, Native.LONG));
    private static final MethodHandle MKDIRAT = Native.function("mkdirat",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT));
    private static final MethodHandle UNLINKAT = Native.function("unlinkat",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT));
    private static final MethodHandle RENAMEAT2 = Native.function("renameat2",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT, Native.PTR, Native.INT));
    private static final int RENAME_NOREPLACE = 1;
    private static final MethodHandle SYMLINKAT = Native.function("symlinkat",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.INT, Native.PTR));
    private static final MethodHandle FCHOWNAT = Native.function("fchownat",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT, Native.INT, Native.INT));
    private static final MethodHandle FCHMOD = Native.function("fchmod",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.INT));
    private static final MethodHandle FUTIMENS = Native.function("futimens",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR));
    private static final MethodHandle GETDENTS64 = Native.function("getdents64",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.PTR, Native.LONG));
    private static final MethodHandle LSEEK = Native.function("lseek",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.LONG, Native.INT));

    private AtCalls() {}

    @FunctionalInterface
    private interface Call {
        long invoke(MemorySegment state) throws Throwable;
    }

    /** Runs {@code call} until it does not fail with EINTR; a negative result becomes a SysException. */
    private static long run(Arena arena, String name, String target, Call call) throws SysException {
        MemorySegment state = arena.allocate(Native.CALL_STATE);
        try {
            while (true) {
                long r = call.invoke(state);
                if (r >= 0) {
                    return r;
                }
                int errno = Native.errno(state);
                if (errno != Errno.EINTR) {
                    throw new SysException(name, target, errno);
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    static int openat(int dirFd, String name, int flags, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            return (int) run(arena, "openat", name, s -> (int) OPENAT.invokeExact(s, dirFd, n, flags, mode));
        }
    }

    /** openat2(2) with {@code resolve} flags; ENOSYS on kernels before 5.6. */
    static int openat2(int dirFd, String path, int flags, long resolve) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            MemorySegment how = arena.allocate(Native.LONG, 3); // struct open_how: flags, mode, resolve
            how.setAtIndex(Native.LONG, 0, flags & 0xffffffffL);
            how.setAtIndex(Native.LONG, 1, 0);
            how.setAtIndex(Native.LONG, 2, resolve);
            return (int) run(arena, "openat2", path,
                    s -> (long) SYSCALL4.invokeExact(s, SYS_OPENAT2, dirFd, p, how, how.byteSize()));
        }
    }

    /** statx(2) of {@code name} in {@code dirFd} ("" with AT_EMPTY_PATH: the descriptor itself), never following a symlink. */
    static Stat statx(int dirFd, String name, String target) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            MemorySegment buf = arena.allocate(256, 8);
            int flags = AT_SYMLINK_NOFOLLOW | (name.isEmpty() ? AT_EMPTY_PATH : 0);
            run(arena, "statx", target, s -> (int) STATX.invokeExact(s, dirFd, n, flags, STATX_BASIC_STATS, buf));
            return Stat.fromStatx(buf);
        }
    }

    /** readlinkat(2); "" reads the symlink an O_PATH|O_NOFOLLOW {@code dirFd} is. */
    static String readlinkat(int dirFd, String name, String target) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            for (long size = 256; ; size *= 4) {
                MemorySegment buf = arena.allocate(size);
                long length = size;
                long r = run(arena, "readlinkat", target, s -> (long) READLINKAT.invokeExact(s, dirFd, n, buf, length));
                if (r < size) {
                    return new String(buf.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                }
            }
        }
    }

    static void mkdirat(int dirFd, String name, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            run(arena, "mkdirat", name, s -> (int) MKDIRAT.invokeExact(s, dirFd, n, mode));
        }
    }

    static void unlinkat(int dirFd, String name, boolean directory) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            int flags = directory ? AT_REMOVEDIR : 0;
            run(arena, "unlinkat", name, s -> (int) UNLINKAT.invokeExact(s, dirFd, n, flags));
        }
    }

    /** renameat2(2) with RENAME_NOREPLACE: EEXIST rather than replacing what {@code to} names. */
    static void renameNoReplace(int dirFd, String from, String to) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocateFrom(from);
            MemorySegment t = arena.allocateFrom(to);
            run(arena, "renameat2", from + " -> " + to,
                    s -> (int) RENAMEAT2.invokeExact(s, dirFd, f, dirFd, t, RENAME_NOREPLACE));
        }
    }

    static void symlinkat(String linkTarget, int dirFd, String name) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocateFrom(linkTarget);
            MemorySegment n = arena.allocateFrom(name);
            run(arena, "symlinkat", name, s -> (int) SYMLINKAT.invokeExact(s, t, dirFd, n));
        }
    }

    /** fchownat(fd, "", AT_EMPTY_PATH): works on any descriptor, O_PATH ones (symlinks too) included. */
    static void fchown(int fd, int uid, int gid) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment empty = arena.allocateFrom("");
            run(arena, "fchownat", "fd " + fd,
                    s -> (int) FCHOWNAT.invokeExact(s, fd, empty, uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
        }
    }

    /** fchmod(2), all twelve bits; the descriptor must not be O_PATH. */
    static void fchmod(int fd, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            run(arena, "fchmod", "fd " + fd, s -> (int) FCHMOD.invokeExact(s, fd, mode & 07777));
        }
    }

    /** futimens(3) of the modification time, the access time left as it is; the descriptor must not be O_PATH. */
    static void futimens(int fd, long seconds, int nanos) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = arena.allocate(Native.LONG, 4);
            times.setAtIndex(Native.LONG, 0, 0);
            times.setAtIndex(Native.LONG, 1, UTIME_OMIT);
            times.setAtIndex(Native.LONG, 2, seconds);
            times.setAtIndex(Native.LONG, 3, nanos);
            run(arena, "futimens", "fd " + fd, s -> (int) FUTIMENS.invokeExact(s, fd, times));
        }
    }

    /** The names in directory {@code fd} (opened for reading), "." and ".." left out, in the order the file system keeps. */
    static List<String> getdents(int fd) throws SysException {
        List<String> names = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            run(arena, "lseek", "fd " + fd, s -> (long) LSEEK.invokeExact(s, fd, 0L, 0)); // from the start each time
            MemorySegment buf = arena.allocate(32 * 1024, 8);
            while (true) {
                long n = run(arena, "getdents64", "fd " + fd, s -> (long) GETDENTS64.invokeExact(s, fd, buf, buf.byteSize()));
                if (n == 0) {
                    return names;
                }
                // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated).
                for (long at = 0; at < n; ) {
                    int reclen = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + 16));
                    String name = buf.getString(at + 19, StandardCharsets.UTF_8);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                    at += reclen;
                }
            }
        }
    }
}
