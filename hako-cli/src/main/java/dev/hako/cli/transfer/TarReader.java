package dev.hako.cli.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar stream (ustar, with PAX and GNU long names) one entry at a time. The stream comes
 * from the daemon and is not trusted: headers are checksummed and extended headers size-capped;
 * what an entry's name means is for {@link SafeExtractor} to judge.
 */
public final class TarReader {
    static final int BLOCK = 512;
    /** Extended headers larger than this are refused: a path never needs a megabyte. */
    private static final int MAX_EXTENDED = 1 << 20;

    private final InputStream in;
    private long remaining;
    private long padding;
    private long bytesRead;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** Bytes read from the stream so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /** The next entry, skipping what is left of the current one; null at the end of the archive. */
    public TarEntry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String longLink = null;
        Long paxSize = null;
        while (true) {
            byte[] h = new byte[BLOCK];
            int n = in.readNBytes(h, 0, BLOCK);
            bytesRead += n;
            if (n == 0) {
                return null; // no end-of-archive blocks: accepted, as Go's reader does
            }
            if (n < BLOCK) {
                throw new EOFException("unexpected end of archive in a tar header");
            }
            if (allZero(h)) {
                return null;
            }
            verifyChecksum(h);
            char type = (char) h[156];
            long size = number(h, 124, 12);
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
                if (size > MAX_EXTENDED) {
                    throw new IOException("tar extended header of " + size + " bytes is too large");
                }
                byte[] data = readData((int) size);
                switch (type) {
                    case 'x' -> {
                        for (String[] record : paxRecords(data)) {
                            switch (record[0]) {
                                case "path" -> longName = record[1];
                                case "linkpath" -> longLink = record[1];
                                case "size" -> paxSize = parseSize(record[1]);
                                default -> { }
                            }
                        }
                    }
                    case 'L' -> longName = cString(data, 0, data.length);
                    case 'K' -> longLink = cString(data, 0, data.length);
                    default -> { } // global PAX headers carry nothing cp needs
                }
                continue;
            }
            String name = longName != null ? longName : headerName(h);
            String link = longLink != null ? longLink : cString(h, 157, 100);
            if (paxSize != null) {
                size = paxSize;
            }
            TarEntry.Type kind = switch (type) {
                case '0', '\0', '7' -> TarEntry.Type.FILE;
                case '1' -> TarEntry.Type.HARDLINK;
                case '2' -> TarEntry.Type.SYMLINK;
                case '3' -> TarEntry.Type.CHAR_DEVICE;
                case '4' -> TarEntry.Type.BLOCK_DEVICE;
                case '5' -> TarEntry.Type.DIRECTORY;
                case '6' -> TarEntry.Type.FIFO;
                default -> throw new IOException("tar entry \"" + name + "\" has an unsupported type '" + type + "'");
            };
            // As Go's reader: links, directories, devices and FIFOs are header-only whatever their size says.
            if (kind == TarEntry.Type.FILE) {
                remaining = size;
                padding = (BLOCK - size % BLOCK) % BLOCK;
            }
            while (name.endsWith("/") && name.length() > 1) {
                name = name.substring(0, name.length() - 1);
            }
            if (kind == TarEntry.Type.FILE && headerName(h).endsWith("/") && longName == null) {
                kind = TarEntry.Type.DIRECTORY; // old tars mark directories by the slash alone
                remaining = 0;
            }
            return new TarEntry(name, kind, (int) (number(h, 100, 8) & 07777), number(h, 108, 8), number(h, 116, 8),
                    kind == TarEntry.Type.FILE ? size : 0, number(h, 136, 12), link,
                    (int) number(h, 329, 8), (int) number(h, 337, 8));
        }
    }

    /** The current entry's data; it ends with the entry. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("unexpected end of archive in the data of a tar entry");
                }
                remaining -= n;
                bytesRead += n;
                return n;
            }
        };
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("unexpected end of archive");
                }
                skipped = 1;
            }
            n -= skipped;
            bytesRead += skipped;
        }
    }

    private byte[] readData(int size) throws IOException {
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
            throw new EOFException("unexpected end of archive in a tar extended header");
        }
        bytesRead += size;
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    /** "LEN key=value\n" records. */
    private static java.util.List<String[]> paxRecords(byte[] data) throws IOException {
        java.util.List<String[]> records = new java.util.ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("malformed PAX record in a tar header");
            }
            if (length <= space - pos + 1 || pos + length > data.length || data[pos + length - 1] != '\n') {
                throw new IOException("malformed PAX record in a tar header");
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq < 0) {
                throw new IOException("malformed PAX record in a tar header");
            }
            records.add(new String[] {record.substring(0, eq), record.substring(eq + 1)});
            pos += length;
        }
        return records;
    }

    private static long parseSize(String s) throws IOException {
        try {
            long size = Long.parseLong(s);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("invalid PAX size \"" + s + "\"");
        }
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        if (ustar && h[262] == 0) { // POSIX "ustar\0" has a prefix field; GNU's "ustar " uses it otherwise
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = number(h, 148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("invalid tar header: checksum mismatch");
        }
    }

    /** An octal field, or a base-256 one (high bit set) for values octal cannot hold. */
    static long number(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x3f;
            if ((h[off] & 0x40) != 0) {
                throw new IOException("negative number in a tar header");
            }
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    throw new IOException("number too large in a tar header");
                }
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        for (; i < end && h[i] != ' ' && h[i] != 0; i++) {
            if (h[i] < '0' || h[i] > '7') {
                throw new IOException("invalid octal number in a tar header");
            }
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
