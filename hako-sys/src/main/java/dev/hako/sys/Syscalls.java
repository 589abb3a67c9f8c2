package dev.hako.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every Linux system call hako makes that the JDK does not offer, through the FFM API. Each
 * failure becomes a {@link SysException} naming the call, the path and the errno.
 */
public final class Syscalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;
    public static final int XATTR_CREATE = 1;
    public static final long MNT_DETACH = 2;
    public static final long MS_RDONLY = 1;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;

    private static final MethodHandle MKNOD = fn("mknod", FunctionDescriptor.of(INT, PTR, INT, LONG));
    private static final MethodHandle LCHOWN = fn("lchown", FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle CHMOD = fn("chmod", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle UTIMENSAT = fn("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
    private static final MethodHandle LSETXATTR = fn("lsetxattr",
            FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
    private static final MethodHandle LGETXATTR = fn("lgetxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
    private static final MethodHandle LLISTXATTR = fn("llistxattr", FunctionDescriptor.of(LONG, PTR, PTR, LONG));
    private static final MethodHandle MOUNT = fn("mount", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, PTR));
    private static final MethodHandle UMOUNT2 = fn("umount2", FunctionDescriptor.of(INT, PTR, INT));

    private Syscalls() {}

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(symbol, descriptor, CAPTURE);
    }

    /** Encodes a device number as glibc's makedev does. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    public static long major(long dev) {
        return ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL);
    }

    public static long minor(long dev) {
        return ((dev >>> 12) & 0xffffff00L) | (dev & 0xffL);
    }

    /** mknod(2): {@code mode} includes the file type (S_IFCHR, S_IFBLK, S_IFIFO). */
    public static void mknod(Path path, int mode, long dev) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) MKNOD.invokeExact(state, cstr(arena, path), mode, dev);
            check(r, state, "mknod", path);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lchown(2): never follows a symlink. */
    public static void lchown(Path path, int uid, int gid) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) LCHOWN.invokeExact(state, cstr(arena, path), uid, gid);
            check(r, state, "lchown", path);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** chmod(2) with all twelve permission bits (setuid, setgid and sticky included). Follows symlinks. */
    public static void chmod(Path path, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) CHMOD.invokeExact(state, cstr(arena, path), mode & 07777);
            check(r, state, "chmod", path);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** utimensat(2) with nanosecond times, on the link itself when it is one. */
    public static void lutimes(Path path, long atimeSeconds, long atimeNanos, long mtimeSeconds, long mtimeNanos)
            throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment times = arena.allocate(LONG, 4);
            times.setAtIndex(LONG, 0, atimeSeconds);
            times.setAtIndex(LONG, 1, atimeNanos);
            times.setAtIndex(LONG, 2, mtimeSeconds);
            times.setAtIndex(LONG, 3, mtimeNanos);
            int r = (int) UTIMENSAT.invokeExact(state, AT_FDCWD, cstr(arena, path), times, AT_SYMLINK_NOFOLLOW);
            check(r, state, "utimensat", path);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lsetxattr(2). */
    public static void lsetxattr(Path path, String name, byte[] value) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            int r = (int) LSETXATTR.invokeExact(state, cstr(arena, path), arena.allocateFrom(name), v,
                    (long) value.length, 0);
            check(r, state, "lsetxattr " + name, path);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lgetxattr(2); empty when the attribute is not set. */
    public static Optional<byte[]> lgetxattr(Path path, String name) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment p = cstr(arena, path);
            MemorySegment n = arena.allocateFrom(name);
            long size = 256;
            while (true) {
                MemorySegment buf = arena.allocate(size);
                long r = (long) LGETXATTR.invokeExact(state, p, n, buf, size);
                if (r >= 0) {
                    return Optional.of(buf.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE));
                }
                int errno = errno(state);
                if (errno == Errno.ENODATA) {
                    return Optional.empty();
                }
                if (errno != Errno.ERANGE) {
                    throw new SysException("lgetxattr " + name, path.toString(), errno);
                }
                size *= 4;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** llistxattr(2): the names of every extended attribute of the path itself. */
    public static List<String> llistxattr(Path path) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment p = cstr(arena, path);
            long size = 1024;
            while (true) {
                MemorySegment buf = arena.allocate(size);
                long r = (long) LLISTXATTR.invokeExact(state, p, buf, size);
                if (r >= 0) {
                    List<String> names = new ArrayList<>();
                    byte[] bytes = buf.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE);
                    int start = 0;
                    for (int i = 0; i < bytes.length; i++) {
                        if (bytes[i] == 0) {
                            if (i > start) {
                                names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                            }
                            start = i + 1;
                        }
                    }
                    return names;
                }
                int errno = errno(state);
                if (errno != Errno.ERANGE) {
                    throw new SysException("llistxattr", path.toString(), errno);
                }
                size *= 4;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** mount(2); {@code source}, {@code type} and {@code data} may be null. */
    public static void mount(String source, Path target, String type, long flags, String data) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) MOUNT.invokeExact(state, orNull(arena, source), cstr(arena, target), orNull(arena, type),
                    flags, orNull(arena, data));
            check(r, state, "mount " + (type == null ? "" : type), target);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** umount2(2). */
    public static void umount(Path target, long flags) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) UMOUNT2.invokeExact(state, cstr(arena, target), (int) flags);
            check(r, state, "umount", target);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment cstr(Arena arena, Path path) {
        return arena.allocateFrom(path.toString());
    }

    private static MemorySegment orNull(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static void check(int r, MemorySegment state, String call, Path path) throws SysException {
        if (r < 0) {
            throw new SysException(call, path.toString(), errno(state));
        }
    }
}
