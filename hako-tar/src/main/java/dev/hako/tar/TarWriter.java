package dev.hako.tar;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a tar stream: {@link #putEntry} writes an entry's headers ({@link TarHeaders}), its
 * content follows through {@code write}, exactly {@link TarEntry#size()} bytes, and
 * {@link #closeEntry} pads it to a block. {@link #finish} writes the end-of-archive marker (two
 * zero blocks, nothing after them, as Go's writer); {@link #close} finishes and closes the stream
 * below. Content that falls short of or runs past its header's size is refused, never padded or
 * cut: an entry whose header lies would shift every entry after it.
 */
public final class TarWriter extends OutputStream {
    private static final int BUFFER = 64 * 1024;

    private final OutputStream out;
    private TarEntry current;
    private long left;
    private boolean finished;

    public TarWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, BUFFER);
    }

    /** Writes the headers of {@code entry}; its content, if it has any, is written next. */
    public void putEntry(TarEntry entry) throws IOException {
        if (finished) {
            throw new IOException("tar archive already finished");
        }
        if (current != null) {
            throw new IOException("tar entry \"" + current.name() + "\" was not closed");
        }
        out.write(TarHeaders.of(entry));
        current = entry;
        left = entry.size();
    }

    /** Ends the current entry: pads its content to a block; refused while content is missing. */
    public void closeEntry() throws IOException {
        if (current == null) {
            throw new IOException("no tar entry to close");
        }
        if (left != 0) {
            throw new IOException("tar entry \"" + current.name() + "\" closed " + left + " bytes short of its size "
                    + current.size());
        }
        out.write(new byte[TarHeaders.padding(current.size())]);
        current = null;
    }

    /** An entry without content (a directory, a link, an empty file): its headers, closed. */
    public void add(TarEntry entry) throws IOException {
        putEntry(entry);
        closeEntry();
    }

    /** An entry and all of its content. */
    public void add(TarEntry entry, byte[] content) throws IOException {
        putEntry(entry);
        write(content);
        closeEntry();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (current == null || len > left) {
            throw new IOException(current == null ? "tar content written outside an entry"
                    : "tar entry \"" + current.name() + "\" given more than its size " + current.size());
        }
        out.write(b, off, len);
        left -= len;
    }

    /** Writes the end-of-archive marker and flushes; the stream below stays open. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (current != null) {
            throw new IOException("tar entry \"" + current.name() + "\" was not closed");
        }
        out.write(TarHeaders.end());
        out.flush();
        finished = true;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }
}
