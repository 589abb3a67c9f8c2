package dev.hako.sys;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;

/**
 * An open file descriptor that this object owns: closed once, by {@link #close()}. Operations work
 * on the descriptor itself, never on a path, so they reach the very file that was opened even if
 * its name has been changed since. Many of hako's are O_PATH descriptors: they pin a file without
 * opening it, and {@link #stat()}, {@link #chown}, {@link #readlink()} and {@link #reopen} work on
 * them; {@link #chmod}, {@link #setModified} and the streams need a descriptor opened for I/O.
 */
public final class Fd implements AutoCloseable {
    private int fd;

    Fd(int fd) {
        this.fd = fd;
    }

    public int number() {
        if (fd < 0) {
            throw new IllegalStateException("descriptor already closed");
        }
        return fd;
    }

    public Stat stat() throws SysException {
        return AtCalls.statx(number(), "", "fd " + fd);
    }

    /** Changes the owner of the file itself (a symlink's own owner, for a descriptor of one). */
    public void chown(int uid, int gid) throws SysException {
        AtCalls.fchown(number(), uid, gid);
    }

    /** Sets all twelve permission bits. Not on O_PATH descriptors. */
    public void chmod(int mode) throws SysException {
        AtCalls.fchmod(number(), mode);
    }

    /** Sets the modification time, to the nanosecond; the access time stays. Not on O_PATH descriptors. */
    public void setModified(Instant time) throws SysException {
        AtCalls.futimens(number(), time.getEpochSecond(), time.getNano());
    }

    /** The target of the symlink this O_PATH|O_NOFOLLOW descriptor is. */
    public String readlink() throws SysException {
        return AtCalls.readlinkat(number(), "", "fd " + fd);
    }

    /**
     * Opens the regular file this (O_PATH) descriptor pins, for reading; anything else is refused
     * with EINVAL. openat(2) opens names, not descriptors, and a name can be changed between a check
     * and the open; the process's own /proc/self/fd link reopens exactly this inode, so the file
     * checked to be regular is the one read, and a device node or FIFO swapped in meanwhile is
     * never opened. (That /proc is hakod's own, never a container's.)
     */
    public Fd reopenForReading() throws SysException {
        if (!stat().isRegularFile()) {
            throw new SysException("reopen", "fd " + fd + " (not a regular file)", Errno.EINVAL);
        }
        int flags = Native.O_RDONLY | Native.O_CLOEXEC | Native.O_NOCTTY | Native.O_NONBLOCK;
        return new Fd(AtCalls.openat(AtCalls.AT_FDCWD, "/proc/self/fd/" + number(), flags, 0));
    }

    /** A stream over this descriptor's content; closing the stream leaves the descriptor open. */
    public InputStream inputStream() {
        return DescriptorStreams.input(this::number, false);
    }

    /** A stream that writes to this descriptor; closing the stream leaves the descriptor open. */
    public OutputStream outputStream() {
        return DescriptorStreams.output(this::number, false);
    }

    @Override
    public void close() throws SysException {
        int n = fd;
        if (n >= 0) {
            fd = -1;
            FileDescriptors.close(n);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
