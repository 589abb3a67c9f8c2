package dev.hako.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A pseudo-terminal pair from /dev/ptmx: this process keeps the master, and a child gets the
 * slave as its stdio (runc exec -t proxies a terminal it gets that way). Both sides are opened
 * O_NOCTTY: a session leader (hakod under setsid or a service manager) that opened either
 * without it would take the terminal as its controlling one, and die of SIGHUP when it closes.
 */
public final class Pty implements AutoCloseable {
    private static final MethodHandle POSIX_OPENPT = Native.function("posix_openpt",
            FunctionDescriptor.of(Native.INT, Native.INT));
    private static final MethodHandle GRANTPT = Native.function("grantpt", FunctionDescriptor.of(Native.INT, Native.INT));
    private static final MethodHandle UNLOCKPT = Native.function("unlockpt", FunctionDescriptor.of(Native.INT, Native.INT));
    private static final MethodHandle PTSNAME_R = Native.plain("ptsname_r",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.LONG));
    private static final MethodHandle IOCTL = Native.variadic("ioctl",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.LONG, Native.PTR), 2);

    private static final long TIOCGWINSZ = 0x5413;
    private static final long TIOCSWINSZ = 0x5414;
    // How long a read waits before it looks again whether the terminal was closed meanwhile.
    private static final Duration CLOSE_CHECK = Duration.ofMillis(100);

    private final int master;
    private final Path slave;
    private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A terminal's size in character cells. */
    public record Size(int rows, int columns) {
        public Size {
            if (rows < 0 || rows > 0xffff || columns < 0 || columns > 0xffff) {
                throw new IllegalArgumentException("terminal size out of range: " + rows + "x" + columns);
            }
        }
    }

    private Pty(int master, Path slave) {
        this.master = master;
        this.slave = slave;
    }

    public static Pty open() throws SysException {
        int fd = -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            fd = (int) POSIX_OPENPT.invokeExact(state, Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC);
            if (fd < 0) {
                throw new SysException("posix_openpt", "/dev/ptmx", Native.errno(state));
            }
            if ((int) GRANTPT.invokeExact(state, fd) < 0) {
                throw new SysException("grantpt", "/dev/ptmx", Native.errno(state));
            }
            if ((int) UNLOCKPT.invokeExact(state, fd) < 0) {
                throw new SysException("unlockpt", "/dev/ptmx", Native.errno(state));
            }
            MemorySegment name = arena.allocate(256);
            int r = (int) PTSNAME_R.invokeExact(fd, name, 256L);
            if (r != 0) {
                throw new SysException("ptsname_r", "/dev/ptmx", r);
            }
            return new Pty(fd, Path.of(name.getString(0, StandardCharsets.UTF_8)));
        } catch (SysException e) {
            FileDescriptors.closeQuietly(fd);
            throw e;
        } catch (Throwable t) {
            FileDescriptors.closeQuietly(fd);
            throw Native.unexpected(t);
        }
    }

    /** The slave device (/dev/pts/N); open it only with {@link #openSlave()}, never by path. */
    public Path slave() {
        return slave;
    }

    /**
     * Opens the slave side (O_RDWR | O_NOCTTY | O_CLOEXEC) for a child's stdio; the caller closes
     * the descriptor. It is never this process's controlling terminal, whatever its session.
     */
    public int openSlave() throws SysException {
        return FileDescriptors.open(slave, Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC);
    }

    /** TIOCSWINSZ on the master: the slave side sees the new size. */
    public void resize(Size size) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment winsize = arena.allocate(8);
            winsize.set(ValueLayout.JAVA_SHORT, 0, (short) size.rows());
            winsize.set(ValueLayout.JAVA_SHORT, 2, (short) size.columns());
            int r = (int) IOCTL.invokeExact(state, master, TIOCSWINSZ, winsize);
            if (r < 0) {
                throw new SysException("ioctl TIOCSWINSZ", slave.toString(), Native.errno(state));
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** TIOCGWINSZ: the current size. */
    public Size size() throws SysException {
        return windowSize(master, slave.toString());
    }

    /**
     * The size of the terminal at {@code device} (a pty slave, or a magic link to one such as
     * /proc/PID/fd/0), opened O_NOCTTY and without blocking, for a moment only.
     */
    public static Size sizeOf(Path device) throws SysException {
        int fd = FileDescriptors.open(device, Native.O_RDONLY | Native.O_NOCTTY | Native.O_NONBLOCK | Native.O_CLOEXEC);
        try {
            return windowSize(fd, device.toString());
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }

    /** TIOCGWINSZ on {@code fd}, a terminal; {@code what} names it in the error. */
    private static Size windowSize(int fd, String what) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment winsize = arena.allocate(8);
            int r = (int) IOCTL.invokeExact(state, fd, TIOCGWINSZ, winsize);
            if (r < 0) {
                throw new SysException("ioctl TIOCGWINSZ", what, Native.errno(state));
            }
            return new Size(Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 0)),
                    Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 2)));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * Reads what the slave side wrote: the number of bytes, or -1 once every slave descriptor is
     * closed (the master then reads EIO) or this terminal was closed.
     */
    public int read(byte[] buffer, int offset, int length) throws SysException {
        inFlight.readLock().lock();
        try {
            while (!closed.get()) {
                if (!FileDescriptors.awaitReadable(master, CLOSE_CHECK)) {
                    continue;
                }
                try {
                    int n = FileDescriptors.read(master, buffer, offset, length);
                    return n == 0 ? -1 : n;
                } catch (SysException e) {
                    if (e.errno() == Errno.EIO) {
                        return -1;
                    }
                    throw e;
                }
            }
            return -1;
        } finally {
            inFlight.readLock().unlock();
        }
    }

    /** Writes input for the slave side, as if typed. */
    public void write(byte[] data, int offset, int length) throws SysException {
        inFlight.readLock().lock();
        try {
            if (closed.get()) {
                throw new SysException("write", slave.toString(), Errno.EBADF);
            }
            FileDescriptors.writeFully(master, data, offset, length);
        } finally {
            inFlight.readLock().unlock();
        }
    }

    /** Closes the master; a blocked {@link #read} returns -1 within a tenth of a second. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        inFlight.writeLock().lock();
        try {
            FileDescriptors.closeQuietly(master);
        } finally {
            inFlight.writeLock().unlock();
        }
    }
}
