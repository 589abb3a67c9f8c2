package dev.hako.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A connected AF_UNIX SOCK_SEQPACKET client: message boundaries are kept, which the JDK's
 * stream-only unix sockets cannot offer. conmon's attach socket is one.
 *
 * <p>Paths longer than sun_path allows (107 bytes) are reached through {@code /proc/self/fd/N/NAME},
 * N being an O_PATH descriptor of the socket's directory, the way conmon binds them. One thread may
 * receive while another sends; {@link #close()} wakes a blocked receiver.
 */
public final class SeqpacketSocket implements AutoCloseable {
    private static final MethodHandle SOCKET = Native.function("socket",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.INT, Native.INT));
    private static final MethodHandle CONNECT = Native.function("connect",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT));
    private static final MethodHandle RECV = Native.function("recv",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.PTR, Native.LONG, Native.INT));
    private static final MethodHandle SEND = Native.function("send",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.PTR, Native.LONG, Native.INT));
    private static final MethodHandle SHUTDOWN = Native.function("shutdown",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.INT));

    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SHUT_WR = 1;
    private static final int SHUT_RDWR = 2;
    private static final int SUN_PATH_MAX = 107;

    private final int fd;
    private final String path;
    // Calls in flight hold the read lock; close takes the write lock, so the descriptor number is
    // never closed (and reused by someone else) under a thread that is still using it.
    private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SeqpacketSocket(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    public static SeqpacketSocket connect(Path socket) throws SysException {
        Path absolute = socket.toAbsolutePath();
        int fd = socket();
        int dirFd = -1;
        try {
            String address = absolute.toString();
            if (address.getBytes(StandardCharsets.UTF_8).length > SUN_PATH_MAX) {
                dirFd = FileDescriptors.open(absolute.getParent(), Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC);
                address = "/proc/self/fd/" + dirFd + "/" + absolute.getFileName();
                if (address.getBytes(StandardCharsets.UTF_8).length > SUN_PATH_MAX) {
                    throw new SysException("connect", absolute.toString(), Errno.ENAMETOOLONG);
                }
            }
            connect(fd, address, absolute.toString());
            return new SeqpacketSocket(fd, absolute.toString());
        } catch (SysException e) {
            FileDescriptors.closeQuietly(fd);
            throw e;
        } finally {
            FileDescriptors.closeQuietly(dirFd);
        }
    }

    private static int socket() throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new SysException("socket", "AF_UNIX SOCK_SEQPACKET", Native.errno(state));
            }
            return fd;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    private static void connect(int fd, String address, String shownPath) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            byte[] bytes = address.getBytes(StandardCharsets.UTF_8);
            MemorySegment sockaddr = arena.allocate(2 + SUN_PATH_MAX + 1);
            sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, sockaddr, ValueLayout.JAVA_BYTE, 2, bytes.length);
            while (true) {
                int r = (int) CONNECT.invokeExact(state, fd, sockaddr, 2 + bytes.length + 1);
                if (r == 0) {
                    return;
                }
                if (Native.errno(state) != Errno.EINTR) {
                    throw new SysException("connect", shownPath, Native.errno(state));
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * Receives one message into {@code buffer} (a longer message is cut to the buffer's size):
     * its length, or -1 when the peer closed the connection or this socket was closed.
     */
    public int receive(byte[] buffer) throws SysException {
        inFlight.readLock().lock();
        try (Arena arena = Arena.ofConfined()) {
            if (closed.get()) {
                return -1;
            }
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment nativeBuffer = arena.allocate(Math.max(1, buffer.length));
            while (true) {
                long n = (long) RECV.invokeExact(state, fd, nativeBuffer, (long) buffer.length, 0);
                if (n > 0) {
                    MemorySegment.copy(nativeBuffer, ValueLayout.JAVA_BYTE, 0, buffer, 0, (int) n);
                    return (int) n;
                }
                // conmon never sends an empty message: 0 is the end of the connection.
                if (n == 0 || closed.get()) {
                    return -1;
                }
                int errno = Native.errno(state);
                if (errno == Errno.ECONNRESET) {
                    return -1;
                }
                if (errno != Errno.EINTR) {
                    throw new SysException("recv", path, errno);
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        } finally {
            inFlight.readLock().unlock();
        }
    }

    /** Sends {@code length} bytes as one message. */
    public void send(byte[] data, int offset, int length) throws SysException {
        inFlight.readLock().lock();
        try (Arena arena = Arena.ofConfined()) {
            if (closed.get()) {
                throw new SysException("send", path, Errno.EBADF);
            }
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment nativeBuffer = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, nativeBuffer, ValueLayout.JAVA_BYTE, 0, length);
            while (true) {
                // MSG_NOSIGNAL: a peer that went away is an EPIPE error here, not a SIGPIPE.
                long n = (long) SEND.invokeExact(state, fd, nativeBuffer, (long) length, MSG_NOSIGNAL);
                if (n >= 0) {
                    return;
                }
                if (Native.errno(state) != Errno.EINTR) {
                    throw new SysException("send", path, Native.errno(state));
                }
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        } finally {
            inFlight.readLock().unlock();
        }
    }

    /** shutdown(SHUT_WR): the peer reads the end of the connection; receiving goes on. */
    public void shutdownOutput() throws SysException {
        inFlight.readLock().lock();
        try {
            if (!closed.get()) {
                shutdown(SHUT_WR);
            }
        } finally {
            inFlight.readLock().unlock();
        }
    }

    private void shutdown(int how) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            int r = (int) SHUTDOWN.invokeExact(state, fd, how);
            if (r < 0 && Native.errno(state) != Errno.ENOTCONN) {
                throw new SysException("shutdown", path, Native.errno(state));
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** Wakes any thread blocked in {@link #receive}, then closes the descriptor. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            shutdown(SHUT_RDWR);
        } catch (SysException ignored) {
            // Closing anyway.
        }
        inFlight.writeLock().lock();
        try {
            FileDescriptors.closeQuietly(fd);
        } finally {
            inFlight.writeLock().unlock();
        }
    }
}
