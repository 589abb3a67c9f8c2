package dev.hako.containers;

import java.io.IOException;
import java.io.InputStream;

/**
 * A process run in a container, as {@link ExecPump} drives it: {@link ExecSession} is the real one,
 * tests fake it.
 */
public interface ExecProcess extends AutoCloseable {
    boolean tty();

    /** Output: the terminal's (stdout and stderr in one), or the stdout pipe. */
    InputStream stdout();

    /** The stderr pipe; empty with a terminal. */
    InputStream stderr();

    void writeStdin(byte[] data) throws IOException;

    /** Ends the process's input (a closed pipe, or ^D on a terminal). */
    void closeStdin() throws IOException;

    void resize(int rows, int columns) throws IOException;

    /** Waits for the process and answers its exit code. */
    int waitFor() throws InterruptedException, IOException;

    /** Kills the process in the container; safe from any thread, more than once. */
    void terminate() throws InterruptedException;

    /** Ends the process if it still runs and frees what it held. */
    @Override
    void close() throws IOException;
}
