package dev.hako.monitor;

import dev.hako.sys.SysException;

/**
 * One client of a container's stdio, as its monitor serves it ({@link Monitor#attach}): what the
 * container writes from the moment of connecting, and its stdin when it was created with one.
 */
public interface AttachSession extends AutoCloseable {
    /** Output of the container: which stream, and the bytes. */
    record Frame(Stdio stream, byte[] data) {}

    /**
     * The next output frame, blocking until there is one; null once the monitor closed the
     * connection (the container ended) or this session was closed.
     */
    Frame read() throws SysException;

    /** Writes to the container's stdin. */
    void writeStdin(byte[] data, int offset, int length) throws SysException;

    /**
     * Ends this client's input: the monitor then closes the container's stdin, unless the
     * container was created to keep it open (not stdinOnce). Output keeps arriving.
     */
    void closeStdin() throws SysException;

    /** Disconnects; a thread blocked in {@link #read} gets null. The container is not affected. */
    @Override
    void close();
}
