package dev.hako.containers;

import dev.hako.sys.Processes;
import dev.hako.sys.Pty;
import dev.hako.sys.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process run in a running container ({@code hako exec}), by the runtime in the foreground:
 * the runtime's own stdio are the process's, through pipes or a terminal hakod holds the master of.
 */
public final class ExecSession implements AutoCloseable {
    private final Process process;
    private final Pty pty;
    private final FileChannel slaveHeld;
    private final Path processFile;

    ExecSession(Process process, Pty pty, FileChannel slaveHeld, Path processFile) {
        this.process = process;
        this.pty = pty;
        this.slaveHeld = slaveHeld;
        this.processFile = processFile;
    }

    public boolean tty() {
        return pty != null;
    }

    /** Output: the terminal's (stdout and stderr in one), or the stdout pipe. */
    public InputStream stdout() {
        if (pty == null) {
            return process.getInputStream();
        }
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return pty.read(b, off, len);
            }
        };
    }

    /** The stderr pipe; empty with a terminal. */
    public InputStream stderr() {
        return pty == null ? process.getErrorStream() : InputStream.nullInputStream();
    }

    public void writeStdin(byte[] data) throws IOException {
        if (pty != null) {
            pty.write(data, 0, data.length);
        } else {
            OutputStream in = process.getOutputStream();
            in.write(data);
            in.flush();
        }
    }

    public void closeStdin() throws IOException {
        if (pty != null) {
            pty.write(new byte[] {4}, 0, 1); // ^D: end of input on a terminal
        } else {
            process.getOutputStream().close();
        }
    }

    /** Resizes the terminal; the runtime proxies its size to the container's on SIGWINCH. */
    public void resize(int rows, int columns) throws IOException {
        if (pty != null) {
            pty.resize(new Pty.Size(rows, columns));
            Processes.signalIfAlive((int) process.pid(), Signals.SIGWINCH);
        }
    }

    /** Waits for the process and answers its exit code. */
    public int waitFor() throws InterruptedException, IOException {
        int code = process.waitFor();
        if (slaveHeld != null) {
            // Our copy of the terminal kept the master readable; now the output ends after what is buffered.
            slaveHeld.close();
        }
        return code;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        if (slaveHeld != null && slaveHeld.isOpen()) {
            slaveHeld.close();
        }
        if (pty != null) {
            pty.close();
        }
        Files.deleteIfExists(processFile);
    }
}
