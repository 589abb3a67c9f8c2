package dev.hako.monitor;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.Errno;
import dev.hako.sys.FileDescriptors;
import dev.hako.sys.Pty;
import dev.hako.sys.SeqpacketSocket;
import dev.hako.sys.SysException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/** A running conmon's attach socket and control FIFO: stdio, terminal size, log reopening. */
final class ConmonControl {
    // conmon's control messages (conmon's config.h: WIN_RESIZE_EVENT, REOPEN_LOGS_EVENT).
    private static final int RESIZE = 1;
    private static final int REOPEN_LOGS = 2;
    /** conmon reopens at once between two reads of its control FIFO; this only bounds a wedged one. */
    private static final Duration REOPEN_WAIT = Duration.ofSeconds(10);
    private static final Duration RESIZE_WAIT = Duration.ofSeconds(10);

    private ConmonControl() {}

    static AttachSession attach(ConmonPaths paths) throws IOException {
        Path socket = paths.attachSocket();
        try {
            return new ConmonAttachSession(SeqpacketSocket.connect(socket));
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ECONNREFUSED) {
                throw HakoException.precondition("cannot attach: no conmon serves %s (the container is not running)",
                        socket);
            }
            throw e;
        }
    }

    static void resize(ConmonPaths paths, int rows, int columns) throws IOException {
        if (rows < 0 || columns < 0 || rows > 0xffff || columns > 0xffff) {
            throw HakoException.invalid("invalid terminal size %dx%d", rows, columns);
        }
        control(paths, RESIZE, rows, columns);
    }

    /**
     * conmon applies a resize from its control FIFO whenever its loop gets to it, which under load
     * can be after {@code runtime start}: this waits until the terminal has the size. The terminal
     * is read through the container's init (runc's code until start, never the container's own),
     * whose stdio it is.
     */
    static void resizeBeforeStart(ConmonPaths paths, int containerPid, int rows, int columns) throws IOException {
        resize(paths, rows, columns);
        Path terminal = Path.of("/proc", Integer.toString(containerPid), "fd", "0");
        Pty.Size wanted = new Pty.Size(rows, columns);
        long deadline = System.nanoTime() + RESIZE_WAIT.toNanos();
        while (!wanted.equals(Pty.sizeOf(terminal))) {
            if (System.nanoTime() > deadline) {
                throw HakoException.unavailable("conmon did not set the terminal size within %d s", RESIZE_WAIT.toSeconds());
            }
            pause(1, "while conmon set the terminal size");
        }
    }

    /**
     * conmon closes the old file, writes a new one beside it and renames it onto {@code logFile}:
     * once a new file (another inode) is at that path, no line goes to the old one. The kubelet
     * counts on that when it compresses the rotated file (CRI-O waits the same way).
     */
    static void reopenLog(ConmonPaths paths, Path logFile) throws IOException {
        Object before = fileKey(logFile);
        control(paths, REOPEN_LOGS, 0, 0);
        long deadline = System.nanoTime() + REOPEN_WAIT.toNanos();
        while (true) {
            Object now = fileKey(logFile);
            if (now != null && !now.equals(before)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw HakoException.unavailable("conmon did not reopen %s within %d s", logFile, REOPEN_WAIT.toSeconds());
            }
            pause(2, "while conmon reopened " + logFile);
        }
    }

    private static void pause(long millis, String what) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted " + what);
        }
    }

    /** The file's identity (device and inode), or null when there is none at {@code path}. */
    private static Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void control(ConmonPaths paths, int type, int rows, int columns) throws IOException {
        Path fifo = paths.controlFifo();
        int fd;
        try {
            fd = FileDescriptors.openFifoForWriting(fifo);
        } catch (SysException e) {
            if (e.errno() == Errno.ENXIO || e.errno() == Errno.ENOENT) {
                throw HakoException.precondition("no conmon reads %s (the container is not running)", fifo);
            }
            throw e;
        }
        try {
            // One line, far under PIPE_BUF: the write is atomic even with other writers.
            FileDescriptors.writeFully(fd, "%d %d %d\n".formatted(type, rows, columns).getBytes(StandardCharsets.US_ASCII));
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }
}
