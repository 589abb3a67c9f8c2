package dev.hako.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header blocks of one entry, as {@link TarWriter} writes them and as a writer that streams
 * entries itself (the CLI's {@code cp}) builds them: a ustar header, preceded by a PAX header when
 * the entry holds what ustar cannot (as Go's archive/tar and commons-compress's POSIX mode do):
 * <ul>
 *   <li>a name or link target longer than 100 bytes, or not ASCII: {@code path}, {@code linkpath};
 *   <li>a size past 8 GiB, an owner or a device number past 2097151: {@code size}, {@code uid},
 *       {@code gid}, {@code SCHILY.devmajor}, {@code SCHILY.devminor};
 *   <li>a modification time before 1970, past 2242, or with a fraction of a second: {@code mtime};
 *       an access time: {@code atime};
 *   <li>extended attributes: {@code SCHILY.xattr.NAME}, the value as raw bytes.
 * </ul>
 * The ustar field of a value moved to PAX holds 0 (a name its ASCII start). Directory names end
 * in "/". Names are not checked: that is for whoever extracts them.
 */
public final class TarHeaders {
    public static final int BLOCK = TarReader.BLOCK;
    private static final int NAME_LENGTH = 100;
    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;

    private TarHeaders() {}

    /** The header blocks of {@code entry}: a PAX header and its records first when needed, then the ustar one. */
    public static byte[] of(TarEntry entry) {
        if (entry.uid() < 0 || entry.gid() < 0 || entry.devMajor() < 0 || entry.devMinor() < 0) {
            throw new IllegalArgumentException("tar entry \"" + entry.name() + "\": negative owner or device number");
        }
        if (entry.type() != TarEntry.Type.FILE && entry.size() != 0) {
            throw new IllegalArgumentException("tar entry \"" + entry.name() + "\": only regular files carry content");
        }
        String name = entry.isDirectory() && !entry.name().endsWith("/") ? entry.name() + "/" : entry.name();
        Map<String, byte[]> pax = new LinkedHashMap<>();
        if (!fits(name)) {
            pax.put("path", utf8(name));
        }
        if (!fits(entry.linkName())) {
            pax.put("linkpath", utf8(entry.linkName()));
        }
        long size = big(pax, "size", entry.size(), MAX_OCTAL_11);
        long uid = big(pax, "uid", entry.uid(), MAX_OCTAL_7);
        long gid = big(pax, "gid", entry.gid(), MAX_OCTAL_7);
        long mtime = modified(pax, entry.modified());
        if (entry.accessed() != null) {
            pax.put("atime", utf8(time(entry.accessed())));
        }
        long devMajor = big(pax, "SCHILY.devmajor", entry.devMajor(), MAX_OCTAL_7);
        long devMinor = big(pax, "SCHILY.devminor", entry.devMinor(), MAX_OCTAL_7);
        entry.xattrs().forEach((key, value) -> pax.put("SCHILY.xattr." + key, value));

        ByteArrayOutputStream out = new ByteArrayOutputStream(3 * BLOCK);
        String ustarName = ascii(name);
        if (!pax.isEmpty()) {
            byte[] records = records(pax);
            out.writeBytes(block("PaxHeaders.0/" + ustarName, (byte) 'x', 0644, 0, 0, records.length, mtime, "", 0, 0));
            out.writeBytes(records);
            out.writeBytes(new byte[padding(records.length)]);
        }
        out.writeBytes(block(ustarName, typeflag(entry.type()), entry.mode() & 07777, uid, gid, size, mtime,
                ascii(entry.linkName()), devMajor, devMinor));
        return out.toByteArray();
    }

    /** Zeros that bring content of {@code size} bytes to a whole block. */
    public static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    /** The end-of-archive marker: two zero blocks. */
    public static byte[] end() {
        return new byte[2 * BLOCK];
    }

    /** PAX records "LENGTH KEY=VALUE\n", LENGTH counting the whole record, itself included. */
    static byte[] records(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] keyBytes = utf8(key);
            int body = 1 + keyBytes.length + 1 + value.length + 1;
            int length = body + 1;
            while (Integer.toString(length).length() + body != length) {
                length = Integer.toString(length).length() + body;
            }
            out.writeBytes(utf8(length + " "));
            out.writeBytes(keyBytes);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /** The value for a ustar field of {@code max}; a PAX record (and 0 in the field) when it does not fit. */
    private static long big(Map<String, byte[]> pax, String key, long value, long max) {
        if (value <= max) {
            return value;
        }
        pax.put(key, utf8(Long.toString(value)));
        return 0;
    }

    private static long modified(Map<String, byte[]> pax, Instant modified) {
        long seconds = modified.getEpochSecond();
        if (modified.getNano() == 0 && seconds >= 0 && seconds <= MAX_OCTAL_11) {
            return seconds;
        }
        pax.put("mtime", utf8(time(modified)));
        return seconds >= 0 && seconds <= MAX_OCTAL_11 ? seconds : 0;
    }

    /** PAX time: seconds since the epoch, a fraction only when there is one ("-1.5", "1700000000.123"). */
    static String time(Instant t) {
        long seconds = t.getEpochSecond();
        int nanos = t.getNano();
        if (nanos == 0) {
            return Long.toString(seconds);
        }
        String sign = "";
        if (seconds < 0) { // Instant counts nanos forward from a negative second: -1.5 is -2 s + 0.5 s
            sign = "-";
            seconds = -(seconds + 1);
            nanos = 1_000_000_000 - nanos;
        }
        String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
        return sign + seconds + "." + fraction;
    }

    private static byte[] block(String name, byte typeflag, int mode, long uid, long gid, long size, long mtime,
                                String linkName, long devMajor, long devMinor) {
        byte[] h = new byte[BLOCK];
        text(h, 0, NAME_LENGTH, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = typeflag;
        text(h, 157, NAME_LENGTH, linkName);
        text(h, 257, 6, "ustar"); // "ustar\0" then version "00": POSIX ustar
        text(h, 263, 2, "00");
        octal(h, 329, 8, devMajor);
        octal(h, 337, 8, devMinor);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        }
        octal(h, 148, 7, sum); // six digits and a NUL, then a space, as tar(1) writes it
        h[155] = ' ';
        return h;
    }

    private static byte typeflag(TarEntry.Type type) {
        return (byte) switch (type) {
            case FILE -> '0';
            case HARD_LINK -> '1';
            case SYMLINK -> '2';
            case CHAR_DEVICE -> '3';
            case BLOCK_DEVICE -> '4';
            case DIRECTORY -> '5';
            case FIFO -> '6';
        };
    }

    /** True when {@code s} fits a ustar name field as it is: ASCII, at most 100 bytes. */
    private static boolean fits(String s) {
        return s.length() <= NAME_LENGTH && ascii(s).equals(s);
    }

    /** {@code s} with anything but ASCII replaced, cut to a name field: what readers without PAX see. */
    private static String ascii(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), NAME_LENGTH));
        for (int i = 0; i < s.length() && b.length() < NAME_LENGTH; i++) {
            char c = s.charAt(i);
            b.append(c > 0 && c < 0x80 ? c : '_');
        }
        return b.toString();
    }

    private static void text(byte[] h, int off, int length, String ascii) {
        byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, off, Math.min(length, bytes.length));
    }

    /** Zero-padded octal digits filling the field but its last byte, a NUL. */
    private static void octal(byte[] h, int off, int length, long value) {
        String digits = Long.toOctalString(value);
        text(h, off, length - 1, "0".repeat(Math.max(0, length - 1 - digits.length())) + digits);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
