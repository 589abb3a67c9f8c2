package dev.hako.cli.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * ustar headers for `cp` to a container. Names or link targets that ustar cannot hold (longer than
 * its fields, or not ASCII) and sizes past 8 GiB go into a PAX header first, as Go's writer does.
 */
final class TarHeaders {
    static final byte[] END = new byte[2 * TarReader.BLOCK];
    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final long MAX_OCTAL_7 = 07777777L;

    private TarHeaders() {}

    /** The header blocks of one entry (a PAX header first when needed). */
    static byte[] of(TarEntry e) {
        String name = e.isDirectory() ? e.name() + "/" : e.name();
        StringBuilder pax = new StringBuilder();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        String ustarName = name;
        String prefix = "";
        if (!ascii(name) || nameBytes.length > 100) {
            int split = splitPoint(name);
            if (ascii(name) && split > 0) {
                prefix = name.substring(0, split);
                ustarName = name.substring(split + 1);
            } else {
                paxRecord(pax, "path", name);
                ustarName = truncate(name, 100);
            }
        }
        String link = e.linkName();
        if (!ascii(link) || link.length() > 100) {
            paxRecord(pax, "linkpath", link);
            link = truncate(link, 100);
        }
        if (e.size() > MAX_OCTAL_11) {
            paxRecord(pax, "size", Long.toString(e.size()));
        }
        if (e.uid() > MAX_OCTAL_7) {
            paxRecord(pax, "uid", Long.toString(e.uid()));
        }
        if (e.gid() > MAX_OCTAL_7) {
            paxRecord(pax, "gid", Long.toString(e.gid()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(3 * TarReader.BLOCK);
        if (!pax.isEmpty()) {
            byte[] data = pax.toString().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(block("PaxHeaders/" + truncate(ustarName, 80), "", 'x', 0644, 0, 0, data.length, e.mtime(), "", 0, 0));
            out.writeBytes(data);
            out.writeBytes(new byte[padding(data.length)]);
        }
        out.writeBytes(block(ustarName, prefix, typeFlag(e.type()), e.mode(), Math.min(e.uid(), MAX_OCTAL_7),
                Math.min(e.gid(), MAX_OCTAL_7), Math.min(e.size(), MAX_OCTAL_11), e.mtime(), link, e.devMajor(), e.devMinor()));
        return out.toByteArray();
    }

    static int padding(long size) {
        return (int) ((TarReader.BLOCK - size % TarReader.BLOCK) % TarReader.BLOCK);
    }

    private static byte[] block(String name, String prefix, char type, int mode, long uid, long gid, long size,
                                long mtime, String link, int major, int minor) {
        byte[] h = new byte[TarReader.BLOCK];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, Math.max(0, Math.min(mtime, MAX_OCTAL_11)));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        octal(h, 329, 8, major);
        octal(h, 337, 8, minor);
        put(h, 345, 155, prefix);
        long sum = 0;
        for (int i = 0; i < h.length; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : h[i] & 0xff;
        }
        octal(h, 148, 7, sum); // six digits and a NUL, then a space, as tar(1) writes it
        h[155] = ' ';
        return h;
    }

    private static char typeFlag(TarEntry.Type type) {
        return switch (type) {
            case FILE -> '0';
            case HARDLINK -> '1';
            case SYMLINK -> '2';
            case CHAR_DEVICE -> '3';
            case BLOCK_DEVICE -> '4';
            case DIRECTORY -> '5';
            case FIFO -> '6';
        };
    }

    /** Where a long ASCII name can be split into ustar's prefix (≤155) and name (≤100), or -1. */
    private static int splitPoint(String name) {
        for (int i = Math.min(name.length() - 1, 155); i > 0; i--) {
            if (name.charAt(i) == '/' && name.length() - i - 1 <= 100 && name.length() - i - 1 > 0) {
                return i;
            }
        }
        return -1;
    }

    /** "LEN key=value\n", where LEN counts itself. */
    private static void paxRecord(StringBuilder pax, String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = body + Integer.toString(body).length();
        if (Integer.toString(length).length() != Integer.toString(body).length()) {
            length++;
        }
        pax.append(length).append(' ').append(key).append('=').append(value).append('\n');
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    /** Zero-padded octal digits filling the field but its last byte (a NUL). */
    private static void octal(byte[] h, int off, int len, long value) {
        String digits = Long.toOctalString(value);
        int width = len - 1;
        String padded = "0".repeat(Math.max(0, width - digits.length())) + digits;
        put(h, off, width, padded);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String truncate(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x80 ? c : '_');
        }
        return b.toString();
    }
}
