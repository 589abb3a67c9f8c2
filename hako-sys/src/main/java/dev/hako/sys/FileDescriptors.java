package dev.hako.sys;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Raw file descriptors: the pipes, FIFOs and terminals the JDK cannot hand to a child process or
 * open without blocking. Reads and writes block the calling thread (use a platform thread for
 * long waits); EINTR is retried.
 */
public final class FileDescriptors {
    private static final MethodHandle READ = Native.function("read",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.PTR, Native.LONG));
    private static final MethodHandle WRITE = Native.function("write",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.PTR, Native.LONG));
    private static final MethodHandle CLOSE = Native.function("close", FunctionDescriptor.of(Native.INT, Native.INT));
    private static final MethodHandle OPEN = Native.variadic("open",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.INT, Native.INT), 2);
    private static final MethodHandle FCNTL = Native.variadic("fcntl",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.INT, Native.INT), 2);
    private static final MethodHandle POLL = Native.function("poll",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.LONG, Native.INT));

    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final short POLLIN = 1;

    private FileDescriptors() {}

    /** read(2): the number of bytes read, 0 at end of file. */
    public static int read(int fd, byte[] buffer, int offset, int length) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment nativeBuffer = arena.allocate(Math.max(1, length));
            while (true) {
                long n = (long) READ.invokeExact(state, fd, nativeBuffer, (long) length);
                if (n >= 0) {
                    MemorySegment.copy(nativeBuffer, ValueLayout.JAVA_BYTE, 0, buffer, offset, (int) n);
                    return (int) n;
                }
                int errno = Native.errno(state);
                if (errno != Errno.EINTR) {
                    throw new SysException("read", "fd " + fd, errno);
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** write(2) until every byte is written. */
    public static void writeFully(int fd, byte[] data, int offset, int length) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment nativeBuffer = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, nativeBuffer, ValueLayout.JAVA_BYTE, 0, length);
            long done = 0;
            while (done < length) {
                long n = (long) WRITE.invokeExact(state, fd, nativeBuffer.asSlice(done), (long) length - done);
                if (n >= 0) {
                    done += n;
                    continue;
                }
                int errno = Native.errno(state);
                if (errno != Errno.EINTR) {
                    throw new SysException("write", "fd " + fd, errno);
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void writeFully(int fd, byte[] data) throws SysException {
        writeFully(fd, data, 0, data.length);
    }

    /** close(2). */
    public static void close(int fd) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            int r = (int) CLOSE.invokeExact(state, fd);
            // Linux releases the descriptor even when close reports EINTR: never retry it.
            if (r < 0 && Native.errno(state) != Errno.EINTR) {
                throw new SysException("close", "fd " + fd, Native.errno(state));
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** Closes {@code fd} when it is one (not negative), ignoring errors: for clean-up paths. */
    public static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            close(fd);
        } catch (SysException ignored) {
            // Clean-up: the descriptor is gone either way.
        }
    }

    /**
     * Opens a FIFO for writing without blocking: ENXIO ({@link SysException#errno()}) when no
     * process has it open for reading, instead of waiting for one forever.
     */
    public static int openFifoForWriting(Path fifo) throws SysException {
        return open(fifo, Native.O_WRONLY | Native.O_NONBLOCK | Native.O_CLOEXEC | Native.O_NOCTTY);
    }

    static int open(Path path, int flags) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            while (true) {
                int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), flags, 0);
                if (fd >= 0) {
                    return fd;
                }
                if (Native.errno(state) != Errno.EINTR) {
                    throw new SysException("open", path.toString(), Native.errno(state));
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fcntl(F_DUPFD_CLOEXEC): a copy of {@code fd} numbered at least {@code lowest}, closed on exec. */
    static int duplicateAtLeast(int fd, int lowest) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            int copy = (int) FCNTL.invokeExact(state, fd, F_DUPFD_CLOEXEC, lowest);
            if (copy < 0) {
                throw new SysException("fcntl F_DUPFD_CLOEXEC", "fd " + fd, Native.errno(state));
            }
            return copy;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * poll(2) for input: true when {@code fd} has data or reached its end (a read will not block),
     * false when {@code timeout} passed first.
     */
    public static boolean awaitReadable(int fd, Duration timeout) throws SysException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment pollfd = arena.allocate(8);
            while (true) {
                pollfd.set(ValueLayout.JAVA_INT, 0, fd);
                pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                int r = (int) POLL.invokeExact(state, pollfd, 1L, (int) Math.min(Integer.MAX_VALUE, left));
                if (r > 0) {
                    return true;
                }
                if (r == 0) {
                    return false;
                }
                if (Native.errno(state) != Errno.EINTR) {
                    throw new SysException("poll", "fd " + fd, Native.errno(state));
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** An InputStream over {@code fd}; closing the stream closes the descriptor. */
    public static InputStream inputStream(int fd) {
        return DescriptorStreams.input(() -> fd, true);
    }

    /** An OutputStream over {@code fd}; closing the stream closes the descriptor. */
    public static OutputStream outputStream(int fd) {
        return DescriptorStreams.output(() -> fd, true);
    }
}
