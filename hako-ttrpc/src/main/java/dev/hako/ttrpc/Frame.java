package dev.hako.ttrpc;

/**
 * One ttrpc message frame (containerd's ttrpc PROTOCOL.md): a 10-byte header of data length,
 * stream ID (both big-endian, unsigned), message type and flags, then the data.
 */
record Frame(int streamId, byte type, byte flags, byte[] data) {
    static final int HEADER_BYTES = 10;
    /** The protocol's limit on one frame's data; larger frames are refused, not read. */
    static final int MAX_DATA = 4 << 20;

    static final byte REQUEST = 1;
    static final byte RESPONSE = 2;
    static final byte DATA = 3;

    /** On a request or data frame: the sender sends nothing more on this stream. */
    static final byte REMOTE_CLOSED = 1;
    /** On a request frame: the stream is not unary, and the sender goes on sending data frames. */
    static final byte REMOTE_OPEN = 2;
    /** On a data frame: it carries no message (a stream closed without a last message). */
    static final byte NO_DATA = 4;

    boolean has(byte flag) {
        return (flags & flag) != 0;
    }
}
