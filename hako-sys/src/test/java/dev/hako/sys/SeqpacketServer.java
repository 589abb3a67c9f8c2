package dev.hako.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The listening side of a SOCK_SEQPACKET socket, as conmon runs it: for tests only. */
final class SeqpacketServer implements AutoCloseable {
    private static final MethodHandle SOCKET = Native.function("socket",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.INT, Native.INT));
    private static final MethodHandle BIND = Native.function("bind",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.INT));
    private static final MethodHandle LISTEN = Native.function("listen", FunctionDescriptor.of(Native.INT, Native.INT, Native.INT));
    private static final MethodHandle ACCEPT = Native.function("accept",
            FunctionDescriptor.of(Native.INT, Native.INT, Native.PTR, Native.PTR));
    private static final MethodHandle RECV = Native.function("recv",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.PTR, Native.LONG, Native.INT));
    private static final MethodHandle SEND = Native.function("send",
            FunctionDescriptor.of(Native.LONG, Native.INT, Native.PTR, Native.LONG, Native.INT));

    private final int fd;

    /** Binds through /proc/self/fd/N/NAME like conmon, so any path length works. */
    SeqpacketServer(Path path) throws Throwable {
        int dir = FileDescriptors.open(path.getParent(), Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            fd = (int) SOCKET.invokeExact(state, 1, 5 | Native.O_CLOEXEC, 0);
            byte[] name = ("/proc/self/fd/" + dir + "/" + path.getFileName()).getBytes(StandardCharsets.UTF_8);
            MemorySegment addr = arena.allocate(110);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
            if ((int) BIND.invokeExact(state, fd, addr, 110) < 0 || (int) LISTEN.invokeExact(state, fd, 4) < 0) {
                throw new SysException("bind", path.toString(), Native.errno(state));
            }
        } finally {
            FileDescriptors.closeQuietly(dir);
        }
    }

    int accept() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            int c = (int) ACCEPT.invokeExact(state, fd, MemorySegment.NULL, MemorySegment.NULL);
            if (c < 0) {
                throw new SysException("accept", "", Native.errno(state));
            }
            return c;
        }
    }

    /** One message, or null at the end of the connection. */
    static String receive(int connection) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment buf = arena.allocate(65536);
            long n = (long) RECV.invokeExact(state, connection, buf, 65536L, 0);
            if (n < 0) {
                throw new SysException("recv", "", Native.errno(state));
            }
            return n == 0 ? null : new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    static void send(int connection, String message) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            MemorySegment buf = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long n = (long) SEND.invokeExact(state, connection, buf, (long) bytes.length, 0x4000);
            if (n < 0) {
                throw new SysException("send", "", Native.errno(state));
            }
        }
    }

    @Override
    public void close() {
        FileDescriptors.closeQuietly(fd);
    }
}
