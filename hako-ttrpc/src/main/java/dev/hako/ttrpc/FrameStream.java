package dev.hako.ttrpc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frames over one connected unix socket: one thread reads, any thread writes (each frame is
 * written whole under a lock, so frames of concurrent streams never interleave).
 */
final class FrameStream implements AutoCloseable {
    private final SocketChannel socket;
    private final InputStream in;
    private final ReentrantLock writing = new ReentrantLock();

    FrameStream(SocketChannel socket) {
        this.socket = socket;
        this.in = Channels.newInputStream(socket);
    }

    static FrameStream connect(Path path) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            socket.connect(UnixDomainSocketAddress.of(path));
            return new FrameStream(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The next frame, or null at a clean end of the stream (between frames). */
    Frame read() throws IOException {
        byte[] header = new byte[Frame.HEADER_BYTES];
        int first = in.readNBytes(header, 0, header.length);
        if (first == 0) {
            return null;
        }
        if (first < header.length) {
            throw new EOFException("connection closed inside a ttrpc frame header");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        long length = Integer.toUnsignedLong(h.getInt());
        int streamId = h.getInt();
        byte type = h.get();
        byte flags = h.get();
        if (length > Frame.MAX_DATA) {
            throw new IOException("ttrpc frame of " + length + " bytes is over the protocol's limit of " + Frame.MAX_DATA);
        }
        byte[] data = in.readNBytes((int) length);
        if (data.length < length) {
            throw new EOFException("connection closed inside a ttrpc frame");
        }
        return new Frame(streamId, type, flags, data);
    }

    void write(Frame frame) throws IOException {
        if (frame.data().length > Frame.MAX_DATA) {
            throw new FrameTooLargeException(frame.data().length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(Frame.HEADER_BYTES + frame.data().length);
        buffer.putInt(frame.data().length).putInt(frame.streamId()).put(frame.type()).put(frame.flags()).put(frame.data());
        buffer.flip();
        writing.lock();
        try {
            while (buffer.hasRemaining()) {
                socket.write(buffer);
            }
        } finally {
            writing.unlock();
        }
    }

    /** A frame this side would not accept either; nothing of it was written. */
    static final class FrameTooLargeException extends IOException {
        FrameTooLargeException(int bytes) {
            super("a message of " + bytes + " bytes is over ttrpc's limit of " + Frame.MAX_DATA + " bytes");
        }
    }

    /** Closing also wakes the reading thread, which then sees the end of the stream or an error. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
