package dev.hako.docker;

import dev.hako.monitor.Stdio;
import java.io.IOException;
import java.io.OutputStream;

/**
 * docker's stream of a container without a terminal, multiplexed: each frame is an 8-byte header
 * (the stream: 1 stdout, 2 stderr; three zero bytes; the length, big-endian) and the bytes. A
 * container with a terminal has one stream, sent raw.
 */
final class StreamFrames {
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    static final String RAW = "application/vnd.docker.raw-stream";

    private final OutputStream out;
    private final boolean tty;

    StreamFrames(OutputStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    String contentType() {
        return tty ? RAW : MULTIPLEXED;
    }

    /** One frame; frames of stdout and stderr never interleave. */
    synchronized void write(Stdio stream, byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        if (tty) {
            out.write(data);
            return;
        }
        out.write(header(stream, data.length));
        out.write(data);
    }

    static byte[] header(Stdio stream, int length) {
        return new byte[] {(byte) (stream == Stdio.STDERR ? 2 : 1), 0, 0, 0,
                (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }
}
