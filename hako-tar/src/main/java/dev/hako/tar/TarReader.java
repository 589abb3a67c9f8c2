package dev.hako.tar;

import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.Map;

/**
 * Reads a tar stream (ustar, PAX, GNU and v7 headers) one entry at a time.
 *
 * <p>It exists instead of commons-compress's reader because that one decodes every PAX value as a
 * UTF-8 string, which corrupts binary extended attributes such as {@code security.capability}; and
 * because owning the parser lets layer unpacking copy content in large blocks. It follows Go's
 * archive/tar (which writes and reads nearly every layer in the wild) where the formats leave room:
 * link, symlink, device, directory and FIFO headers carry no content whatever their size field says,
 * global PAX headers are ignored, and a clean end of stream at a header boundary, or within the
 * padding after an entry's content, ends the archive (umoci writes layers that stop right after the
 * last byte of content; Go's reader accepts them). Content that is cut short is still refused.
 * Sparse files are refused.
 *
 * <p>The reader buffers ahead, so it may consume bytes past the end-of-archive marker; it never
 * closes {@code in}.
 */
public final class TarReader {
    static final int BLOCK = 512;
    /** Extension headers are read whole; Go's archive/tar uses the same bound against hostile ones. */
    static final int MAX_EXTENSION_SIZE = 1 << 20;
    private static final int BUFFER = 1 << 20;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    /** Archive offset of buf[0], for messages. */
    private long bufferOffset;
    private long contentLeft;
    private int paddingLeft;
    private boolean ended;
    private String currentName = "";

    public TarReader(InputStream in) {
        this(in, BUFFER);
    }

    TarReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(bufferSize, 4 * BLOCK)];
    }

    /**
     * The next entry, skipping whatever content of the previous one was not read; null at the
     * end-of-archive marker.
     */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skip(contentLeft);
        contentLeft = 0;
        boolean padded = skipPadding(paddingLeft);
        paddingLeft = 0;
        if (!padded) {
            ended = true;
            return null;
        }
        TarExtensions extensions = new TarExtensions();
        while (true) {
            long headerOffset = offset();
            if (!fill(BLOCK)) {
                if (limit == pos && extensions.isEmpty()) {
                    ended = true;
                    return null;
                }
                throw truncated("a header");
            }
            HeaderBlock header = new HeaderBlock(buf, pos, headerOffset);
            if (header.isZero()) {
                pos += BLOCK;
                ended = true;
                return null;
            }
            header.verifyChecksum();
            byte typeflag = header.byteAt(156);
            long headerSize = header.numeric(124, 12, "size");
            if (headerSize < 0) {
                throw header.badField("size");
            }
            switch (typeflag) {
                case 'x' -> extensions.addPax(extension(headerSize, headerOffset), headerOffset);
                case 'g' -> extension(headerSize, headerOffset); // global PAX: ignored, as Go does
                case 'L' -> extensions.longName = TarText.name(trimNul(extension(headerSize, headerOffset)),
                        headerOffset);
                case 'K' -> extensions.longLinkName = TarText.name(trimNul(extension(headerSize, headerOffset)),
                        headerOffset);
                default -> {
                    return entry(header, typeflag, headerSize, extensions);
                }
            }
        }
    }

    /** Bytes of the archive read so far: headers, content and padding up to where the reader stands. */
    public long bytesRead() {
        return offset();
    }

    /** Reads content of the current entry; -1 at its end. */
    public int read(byte[] into, int off, int len) throws IOException {
        if (contentLeft == 0) {
            return -1;
        }
        if (pos == limit && !refill()) {
            throw truncated("the content of \"" + currentName + "\"");
        }
        int n = (int) Math.min(Math.min(len, limit - pos), contentLeft);
        System.arraycopy(buf, pos, into, off, n);
        pos += n;
        contentLeft -= n;
        return n;
    }

    /** The rest of the current entry's content as a stream (not to be used after {@link #next()}). */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return TarReader.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : TarReader.this.read(b, off, len);
            }
        };
    }

    /** Writes the rest of the current entry's content to {@code out} in large blocks; returns the bytes written. */
    public long copyContentTo(WritableByteChannel out) throws IOException {
        long written = 0;
        while (contentLeft > 0) {
            if (pos == limit && !refill()) {
                throw truncated("the content of \"" + currentName + "\"");
            }
            int n = (int) Math.min(limit - pos, contentLeft);
            ByteBuffer block = ByteBuffer.wrap(buf, pos, n);
            while (block.hasRemaining()) {
                out.write(block);
            }
            pos += n;
            contentLeft -= n;
            written += n;
        }
        return written;
    }

    private TarEntry entry(HeaderBlock h, byte typeflag, long headerSize, TarExtensions ext) {
        boolean posix = h.matches(257, "ustar\0");
        boolean gnu = h.matches(257, "ustar ");
        boolean star = posix && h.matches(508, "tar\0");

        String name = ext.path;
        if (name == null) {
            name = ext.longName;
        }
        if (name == null) {
            name = h.text(0, 100);
            int prefixLength = star ? 131 : 155;
            if (posix && h.byteAt(345) != 0) {
                name = h.text(345, prefixLength) + "/" + name;
            }
        }
        currentName = name;
        TarEntry.Type type = switch (typeflag) {
            case '0', '7' -> TarEntry.Type.FILE;
            // A v7 regular file whose name ends in a slash is a directory (as in Go's reader).
            case '\0' -> name.endsWith("/") ? TarEntry.Type.DIRECTORY : TarEntry.Type.FILE;
            case '1' -> TarEntry.Type.HARD_LINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHAR_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '6' -> TarEntry.Type.FIFO;
            case '5', 'D' -> TarEntry.Type.DIRECTORY; // 'D': a GNU dump directory, its content a listing
            case 'S' -> throw sparse(name);
            default -> throw HakoException.invalid("tar entry \"%s\": unsupported entry type '%s'", name,
                    TarText.printable(typeflag));
        };
        if (ext.sparse) {
            throw sparse(name);
        }
        long size = ext.size >= 0 ? ext.size : headerSize;
        boolean carriesContent = type == TarEntry.Type.FILE || typeflag == 'D';
        long contentSize = carriesContent ? size : 0;

        String linkName = ext.linkPath != null ? ext.linkPath
                : ext.longLinkName != null ? ext.longLinkName : h.text(157, 100);
        int mode = (int) (h.numeric(100, 8, "mode") & 07777);
        long uid = ext.uid >= 0 ? ext.uid : h.numeric(108, 8, "uid");
        long gid = ext.gid >= 0 ? ext.gid : h.numeric(116, 8, "gid");
        Instant modified = ext.modified != null ? ext.modified
                : Instant.ofEpochSecond(h.numeric(136, 12, "mtime"));
        Instant accessed = ext.accessed;
        if (accessed == null && gnu && h.byteAt(345) != 0) {
            accessed = Instant.ofEpochSecond(h.numeric(345, 12, "atime"));
        } else if (accessed == null && star && h.byteAt(476) != 0) {
            accessed = Instant.ofEpochSecond(h.numeric(476, 12, "atime"));
        }
        long devMajor = ext.devMajor >= 0 ? ext.devMajor
                : posix || gnu ? h.numeric(329, 8, "devmajor") : 0;
        long devMinor = ext.devMinor >= 0 ? ext.devMinor
                : posix || gnu ? h.numeric(337, 8, "devminor") : 0;
        if (uid < 0 || gid < 0 || uid > 0xfffffffeL || gid > 0xfffffffeL) {
            throw HakoException.invalid("tar entry \"%s\": owner %d:%d is out of range", name, uid, gid);
        }
        if (devMajor < 0 || devMinor < 0 || devMajor > 0xfffffffL || devMinor > 0xfffffffL) {
            throw HakoException.invalid("tar entry \"%s\": device %d:%d is out of range", name, devMajor, devMinor);
        }

        pos += BLOCK;
        contentLeft = contentSize;
        paddingLeft = padding(contentSize);
        return new TarEntry(name, type, linkName, mode, uid, gid, contentSize, modified, accessed,
                (int) devMajor, (int) devMinor, ext.xattrs == null ? Map.of() : ext.xattrs);
    }

    private static HakoException sparse(String name) {
        return HakoException.invalid("tar entry \"%s\": sparse files are not supported", name);
    }

    /** Reads the content of an extension header (PAX, GNU long name) whole. */
    private byte[] extension(long size, long headerOffset) throws IOException {
        if (size > MAX_EXTENSION_SIZE) {
            throw HakoException.invalid("tar extension header at offset %d is %d bytes, more than the %d allowed",
                    headerOffset, size, MAX_EXTENSION_SIZE);
        }
        pos += BLOCK;
        int length = (int) size;
        byte[] data = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (pos == limit && !refill()) {
                throw truncated("an extension header");
            }
            int n = Math.min(limit - pos, length - copied);
            System.arraycopy(buf, pos, data, copied, n);
            pos += n;
            copied += n;
        }
        skipPadding(padding(size)); // if the stream ends here, the header that must follow is missing
        return data;
    }

    private static byte[] trimNul(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return end == data.length ? data : java.util.Arrays.copyOf(data, end);
    }

    private static int padding(long size) {
        return (int) ((BLOCK - (size % BLOCK)) % BLOCK);
    }

    private long offset() {
        return bufferOffset + pos;
    }

    private HakoException truncated(String what) {
        return HakoException.invalid("tar archive ends in the middle of %s (offset %d)", what, offset());
    }

    /** Makes at least {@code n} bytes available at pos; false if the stream ends first. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos + n > buf.length) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufferOffset += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit - pos < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                return false;
            }
            limit += r;
        }
        return true;
    }

    /** Replaces the (fully consumed) buffer with fresh bytes; false at end of stream. */
    private boolean refill() throws IOException {
        bufferOffset += limit;
        pos = 0;
        limit = 0;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            return false;
        }
        limit = r;
        return true;
    }

    /** Skips up to {@code n} bytes of padding; false when the stream ends first, which Go's reader takes as the end. */
    private boolean skipPadding(int n) throws IOException {
        while (n > 0) {
            if (pos == limit && !refill()) {
                return false;
            }
            int step = Math.min(limit - pos, n);
            pos += step;
            n -= step;
        }
        return true;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit && !refill()) {
                throw truncated("the content of \"" + currentName + "\"");
            }
            int step = (int) Math.min(limit - pos, n);
            pos += step;
            n -= step;
        }
    }
}
