package dev.hako.containers;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where an exec's or an attached container's output goes: the client's stream, a gRPC message per
 * chunk, a buffer. A sink that throws is taken for a client that went away.
 */
@FunctionalInterface
public interface OutputSink {
    void write(byte[] data, int offset, int length) throws IOException;

    /** Writes to {@code out} and flushes (a client waits for what was written); null discards. */
    static OutputSink of(OutputStream out) {
        if (out == null) {
            return discard();
        }
        return (data, offset, length) -> {
            out.write(data, offset, length);
            out.flush();
        };
    }

    /** Reads the output and drops it. */
    static OutputSink discard() {
        return (data, offset, length) -> { };
    }
}
