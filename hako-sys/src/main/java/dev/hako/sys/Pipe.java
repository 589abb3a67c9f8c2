package dev.hako.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A pipe2(O_CLOEXEC) pair. Both ends are closed on exec, so a child only gets the end that
 * {@link Spawn} maps into it. Each end is closed at most once.
 */
public final class Pipe implements AutoCloseable {
    private static final MethodHandle PIPE2 = Native.function("pipe2",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.INT));

    private int readFd;
    private int writeFd;

    private Pipe(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    public static Pipe open() throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment fds = arena.allocate(Native.INT, 2);
            int r = (int) PIPE2.invokeExact(state, fds, Native.O_CLOEXEC);
            if (r < 0) {
                throw new SysException("pipe2", "", Native.errno(state));
            }
            return new Pipe(fds.getAtIndex(Native.INT, 0), fds.getAtIndex(Native.INT, 1));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** The read end; -1 once closed. */
    public synchronized int readFd() {
        return readFd;
    }

    /** The write end; -1 once closed. */
    public synchronized int writeFd() {
        return writeFd;
    }

    public synchronized void closeRead() {
        FileDescriptors.closeQuietly(readFd);
        readFd = -1;
    }

    public synchronized void closeWrite() {
        FileDescriptors.closeQuietly(writeFd);
        writeFd = -1;
    }

    @Override
    public void close() {
        closeRead();
        closeWrite();
    }
}
