package dev.hako.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.IntSupplier;

/**
 * Streams over a file descriptor, for {@link FileDescriptors} (which hands the descriptor over:
 * closing the stream closes it) and {@link Fd} (which keeps it: closing the stream leaves it open).
 */
final class DescriptorStreams {
    private DescriptorStreams() {}

    /** {@code fd} is asked for at every call, so an {@link Fd} closed meanwhile is refused, not reused. */
    static InputStream input(IntSupplier fd, boolean closesFd) {
        return new InputStream() {
            private boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = FileDescriptors.read(fd.getAsInt(), b, off, len);
                return n == 0 ? -1 : n;
            }

            @Override
            public synchronized void close() throws IOException {
                if (closesFd && !closed) {
                    closed = true;
                    FileDescriptors.close(fd.getAsInt());
                }
            }
        };
    }

    static OutputStream output(IntSupplier fd, boolean closesFd) {
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                FileDescriptors.writeFully(fd.getAsInt(), b, off, len);
            }

            @Override
            public synchronized void close() throws IOException {
                if (closesFd && !closed) {
                    closed = true;
                    FileDescriptors.close(fd.getAsInt());
                }
            }
        };
    }
}
