package dev.hako.containers;

import dev.hako.sys.FileDescriptors;
import dev.hako.sys.Processes;
import dev.hako.sys.Pty;
import dev.hako.sys.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process run in a running container ({@code hako exec}), by the runtime in the foreground:
 * the runtime's own stdio are the process's, through pipes or a terminal hakod holds the master of.
 * Closing the session ends the process in the container if it still runs: no exec outlives the
 * call that started it.
 */
public final class ExecSession implements ExecProcess {
    /** How long {@link #terminate()} waits for the runtime to start the process and name its PID. */
    private static final Duration PID_FILE_WAIT = Duration.ofSeconds(5);

    private final Process process;
    private final Path pidFile;
    private final Pty pty;
    /** Our descriptor of the terminal's slave side; -1 once closed, or without a terminal. */
    private final AtomicInteger slaveHeld;
    private final Path processFile;

    ExecSession(Process process, Path pidFile, Pty pty, int slaveHeld, Path processFile) {
        this.process = process;
        this.pidFile = pidFile;
        this.pty = pty;
        this.slaveHeld = new AtomicInteger(slaveHeld);
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
        // Our copy of the terminal kept the master readable; now the output ends after what is buffered.
        FileDescriptors.closeQuietly(slaveHeld.getAndSet(-1));
        return code;
    }

    /** Waits at most {@code timeout} for the process: its exit code, or empty while it still runs. */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(waitFor());
    }

    /**
     * Kills the process in the container, not only the runtime that runs it (which would leave
     * it running there, reparented): SIGKILL to the PID the runtime wrote, then the runtime ends
     * with it. A process the runtime has not started yet ends with the runtime. Safe to call from
     * any thread, more than once.
     */
    public void terminate() throws InterruptedException {
        long deadline = System.nanoTime() + PID_FILE_WAIT.toNanos();
        while (process.isAlive()) {
            OptionalInt pid = readPid();
            if (pid.isPresent()) {
                try {
                    // The runtime reaps its process only after it died, so while the runtime
                    // lives this PID is still that process.
                    Processes.signalIfAlive(pid.getAsInt(), Signals.SIGKILL);
                } catch (IOException e) {
                    break;
                }
                if (process.waitFor(PID_FILE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(10);
        }
        process.destroyForcibly();
    }

    private OptionalInt readPid() {
        try {
            String text = Files.readString(pidFile).strip();
            return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalInt.empty(); // not written yet (runc renames it into place whole)
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        FileDescriptors.closeQuietly(slaveHeld.getAndSet(-1));
        if (pty != null) {
            pty.close();
        }
        Files.deleteIfExists(processFile);
        Files.deleteIfExists(pidFile);
    }
}
