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
            if (isZeroBlock()) {
                pos += BLOCK;
                ended = true;
                return null;
            }
            verifyChecksum(headerOffset);
            byte typeflag = buf[pos + 156];
            long headerSize = numeric(124, 12, "size", headerOffset);
            if (headerSize < 0) {
                throw badField("size", headerOffset);
            }
            switch (typeflag) {
                case 'x' -> extensions.addPax(extension(headerSize, headerOffset), headerOffset);
                case 'g' -> extension(headerSize, headerOffset); // global PAX: ignored, as Go does
                case 'L' -> extensions.longName = TarText.name(trimNul(extension(headerSize, headerOffset)),
                        headerOffset);
                case 'K' -> extensions.longLinkName = TarText.name(trimNul(extension(headerSize, headerOffset)),
                        headerOffset);
                default -> {
                    return entry(typeflag, headerSize, extensions, headerOffset);
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

    private TarEntry entry(byte typeflag, long headerSize, TarExtensions ext, long headerOffset) {
        int h = pos;
        boolean posix = matches(h + 257, "ustar\0");
        boolean gnu = matches(h + 257, "ustar ");
        boolean star = posix && matches(h + 508, "tar\0");

        String name = ext.path;
        if (name == null) {
            name = ext.longName;
        }
        if (name == null) {
            name = field(h, 100, headerOffset);
            int prefixLength = star ? 131 : 155;
            if (posix && buf[h + 345] != 0) {
                name = field(h + 345, prefixLength, headerOffset) + "/" + name;
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
                : ext.longLinkName != null ? ext.longLinkName : field(h + 157, 100, headerOffset);
        int mode = (int) (numeric(100, 8, "mode", headerOffset) & 07777);
        long uid = ext.uid >= 0 ? ext.uid : numeric(108, 8, "uid", headerOffset);
        long gid = ext.gid >= 0 ? ext.gid : numeric(116, 8, "gid", headerOffset);
        Instant modified = ext.modified != null ? ext.modified
                : Instant.ofEpochSecond(numeric(136, 12, "mtime", headerOffset));
        Instant accessed = ext.accessed;
        if (accessed == null && gnu && buf[h + 345] != 0) {
            accessed = Instant.ofEpochSecond(numeric(345, 12, "atime", headerOffset));
        } else if (accessed == null && star && buf[h + 476] != 0) {
            accessed = Instant.ofEpochSecond(numeric(476, 12, "atime", headerOffset));
        }
        long devMajor = ext.devMajor >= 0 ? ext.devMajor
                : posix || gnu ? numeric(329, 8, "devmajor", headerOffset) : 0;
        long devMinor = ext.devMinor >= 0 ? ext.devMinor
                : posix || gnu ? numeric(337, 8, "devminor", headerOffset) : 0;
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

    private String field(int off, int max, long headerOffset) {
        int end = off;
        while (end < off + max && buf[end] != 0) {
            end++;
        }
        return TarText.name(buf, off, end - off, headerOffset);
    }

    private boolean matches(int off, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (buf[off + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A numeric header field: octal text, or base-256 when its first byte has the high bit set (GNU, star). */
    private long numeric(int fieldOffset, int length, String what, long headerOffset) {
        int off = pos + fieldOffset;
        if ((buf[off] & 0x80) != 0) {
            // Base-256, two's complement: invert negative numbers so the loop reads an unsigned value.
            int invert = (buf[off] & 0x40) != 0 ? 0xff : 0;
            long value = 0;
            for (int i = 0; i < length; i++) {
                int b = (buf[off + i] & 0xff) ^ invert;
                if (i == 0) {
                    b &= 0x7f;
                }
                if ((value >>> 55) != 0) {
                    throw badField(what, headerOffset);
                }
                value = (value << 8) | b;
            }
            return invert == 0 ? value : ~value;
        }
        int start = off;
        int end = off + length;
        while (start < end && (buf[start] == ' ' || buf[start] == 0)) {
            start++;
        }
        while (end > start && (buf[end - 1] == ' ' || buf[end - 1] == 0)) {
            end--;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = buf[i] - '0';
            if (digit < 0 || digit > 7) {
                throw badField(what, headerOffset);
            }
            value = (value << 3) | digit;
        }
        return value;
    }

    private HakoException badField(String what, long headerOffset) {
        return HakoException.invalid("not a valid tar archive: bad %s field in the header at offset %d", what,
                headerOffset);
    }

    private void verifyChecksum(long headerOffset) {
        long stored;
        try {
            stored = numeric(148, 8, "checksum", headerOffset);
        } catch (HakoException e) {
            throw HakoException.invalid("not a valid tar archive: bad header checksum at offset %d", headerOffset);
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : buf[pos + i];
            unsigned += b & 0xff;
            signed += b; // some old writers summed signed bytes
        }
        if (stored != unsigned && stored != signed) {
            throw HakoException.invalid("not a valid tar archive: bad header checksum at offset %d", headerOffset);
        }
    }

    private boolean isZeroBlock() {
        for (int i = pos; i < pos + BLOCK; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
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
