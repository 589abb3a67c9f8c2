package dev.hako.tar;

import dev.hako.errdefs.HakoException;

/**
 * One 512-byte header block where {@link TarReader} holds it in its buffer: its fields decoded
 * (octal or base-256 numbers, UTF-8 names), its checksum verified. Only valid until the reader
 * moves on.
 */
final class HeaderBlock {
    private static final int BLOCK = TarReader.BLOCK;

    private final byte[] buf;
    private final int start;
    /** Where the block sits in the archive, for messages. */
    private final long headerOffset;

    HeaderBlock(byte[] buf, int start, long headerOffset) {
        this.buf = buf;
        this.start = start;
        this.headerOffset = headerOffset;
    }

    byte byteAt(int fieldOffset) {
        return buf[start + fieldOffset];
    }

    /** A NUL-terminated text field (a name), which must be UTF-8. */
    String text(int fieldOffset, int max) {
        int off = start + fieldOffset;
        int end = off;
        while (end < off + max && buf[end] != 0) {
            end++;
        }
        return TarText.name(buf, off, end - off, headerOffset);
    }

    boolean matches(int fieldOffset, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (buf[start + fieldOffset + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A numeric header field: octal text, or base-256 when its first byte has the high bit set (GNU, star). */
    long numeric(int fieldOffset, int length, String what) {
        int off = start + fieldOffset;
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
                    throw badField(what);
                }
                value = (value << 8) | b;
            }
            return invert == 0 ? value : ~value;
        }
        int first = off;
        int end = off + length;
        while (first < end && (buf[first] == ' ' || buf[first] == 0)) {
            first++;
        }
        while (end > first && (buf[end - 1] == ' ' || buf[end - 1] == 0)) {
            end--;
        }
        long value = 0;
        for (int i = first; i < end; i++) {
            int digit = buf[i] - '0';
            if (digit < 0 || digit > 7) {
                throw badField(what);
            }
            value = (value << 3) | digit;
        }
        return value;
    }

    HakoException badField(String what) {
        return HakoException.invalid("not a valid tar archive: bad %s field in the header at offset %d", what,
                headerOffset);
    }

    void verifyChecksum() {
        long stored;
        try {
            stored = numeric(148, 8, "checksum");
        } catch (HakoException e) {
            throw HakoException.invalid("not a valid tar archive: bad header checksum at offset %d", headerOffset);
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : buf[start + i];
            unsigned += b & 0xff;
            signed += b; // some old writers summed signed bytes
        }
        if (stored != unsigned && stored != signed) {
            throw HakoException.invalid("not a valid tar archive: bad header checksum at offset %d", headerOffset);
        }
    }

    boolean isZero() {
        for (int i = start; i < start + BLOCK; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
