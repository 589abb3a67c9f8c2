package dev.hako.tar;

import dev.hako.errdefs.HakoException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the extension headers in front of an entry say about it: PAX records (kept as bytes until a
 * key says how to read its value) and GNU long names. Unset numbers are -1, unset texts null.
 */
final class TarExtensions {
    private static final String SCHILY_XATTR = "SCHILY.xattr.";
    private static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";

    String path;
    String linkPath;
    String longName;
    String longLinkName;
    long size = -1;
    long uid = -1;
    long gid = -1;
    long devMajor = -1;
    long devMinor = -1;
    Instant modified;
    Instant accessed;
    /** Null until the first one, so that most entries share an empty map. */
    Map<String, byte[]> xattrs;
    boolean sparse;
    private boolean seenPax;

    boolean isEmpty() {
        return !seenPax && longName == null && longLinkName == null;
    }

    /** Adds the records of one PAX header: "LENGTH KEY=VALUE\n", LENGTH counting the whole record. */
    void addPax(byte[] data, long headerOffset) {
        seenPax = true;
        int i = 0;
        while (i < data.length && data[i] != 0) { // some writers pad the header with NULs
            int space = i;
            long length = 0;
            while (space < data.length && data[space] != ' ') {
                int digit = data[space] - '0';
                if (digit < 0 || digit > 9 || length > data.length) {
                    throw malformed(headerOffset);
                }
                length = length * 10 + digit;
                space++;
            }
            long end = i + length;
            if (space == i || space >= data.length || end > data.length || end <= space + 1
                    || data[(int) end - 1] != '\n') {
                throw malformed(headerOffset);
            }
            int equals = space + 1;
            while (equals < end - 1 && data[equals] != '=') {
                equals++;
            }
            if (equals >= end - 1 || equals == space + 1) {
                throw malformed(headerOffset);
            }
            String key = TarText.name(data, space + 1, equals - space - 1, headerOffset);
            record(key, Arrays.copyOfRange(data, equals + 1, (int) end - 1), headerOffset);
            i = (int) end;
        }
    }

    private void record(String key, byte[] value, long headerOffset) {
        boolean empty = value.length == 0; // an empty value resets a keyword to the header's own field
        switch (key) {
            case "path" -> path = empty ? null : text(key, value, headerOffset);
            case "linkpath" -> linkPath = empty ? null : text(key, value, headerOffset);
            case "size" -> size = empty ? -1 : decimal(key, value, headerOffset);
            case "uid" -> uid = empty ? -1 : decimal(key, value, headerOffset);
            case "gid" -> gid = empty ? -1 : decimal(key, value, headerOffset);
            case "mtime" -> modified = empty ? null : time(key, value, headerOffset);
            case "atime" -> accessed = empty ? null : time(key, value, headerOffset);
            case "SCHILY.devmajor" -> devMajor = empty ? -1 : decimal(key, value, headerOffset);
            case "SCHILY.devminor" -> devMinor = empty ? -1 : decimal(key, value, headerOffset);
            default -> {
                if (key.startsWith(SCHILY_XATTR) && key.length() > SCHILY_XATTR.length()) {
                    xattr(key.substring(SCHILY_XATTR.length()), value);
                } else if (key.startsWith(LIBARCHIVE_XATTR) && key.length() > LIBARCHIVE_XATTR.length()) {
                    // libarchive percent-encodes the name and base64-encodes the value.
                    String name = percentDecoded(key.substring(LIBARCHIVE_XATTR.length()), headerOffset);
                    try {
                        xattr(name, Base64.getDecoder().decode(value));
                    } catch (IllegalArgumentException e) {
                        throw malformed(headerOffset);
                    }
                } else if (key.startsWith("GNU.sparse.")) {
                    sparse = true;
                }
                // Other keywords (uname, gname, ctime, comment, charset, vendor records) change nothing here.
            }
        }
    }

    private void xattr(String name, byte[] value) {
        if (xattrs == null) {
            xattrs = new LinkedHashMap<>();
        }
        xattrs.put(name, value);
    }

    private static String text(String key, byte[] value, long headerOffset) {
        for (byte b : value) {
            if (b == 0) {
                throw HakoException.invalid("tar PAX header at offset %d: %s contains a NUL byte", headerOffset, key);
            }
        }
        return TarText.name(value, headerOffset);
    }

    private static long decimal(String key, byte[] value, long headerOffset) {
        long result = 0;
        for (byte b : value) {
            int digit = b - '0';
            if (digit < 0 || digit > 9 || result > (Long.MAX_VALUE - digit) / 10) {
                throw badValue(key, value, headerOffset);
            }
            result = result * 10 + digit;
        }
        return result;
    }

    /** Seconds since the epoch with an optional fraction, possibly negative: "1700000000.123456789". */
    private static Instant time(String key, byte[] value, long headerOffset) {
        int i = 0;
        boolean negative = value[0] == '-';
        if (negative) {
            i++;
        }
        long seconds = 0;
        int digits = 0;
        for (; i < value.length && value[i] != '.'; i++, digits++) {
            int digit = value[i] - '0';
            if (digit < 0 || digit > 9 || seconds > (Long.MAX_VALUE - digit) / 10) {
                throw badValue(key, value, headerOffset);
            }
            seconds = seconds * 10 + digit;
        }
        long nanos = 0;
        int scale = 100_000_000;
        if (i < value.length) {
            for (i++; i < value.length; i++) {
                int digit = value[i] - '0';
                if (digit < 0 || digit > 9) {
                    throw badValue(key, value, headerOffset);
                }
                nanos += (long) digit * scale; // digits beyond nanoseconds are dropped
                scale /= 10;
            }
        }
        if (digits == 0) {
            throw badValue(key, value, headerOffset);
        }
        try {
            return negative ? Instant.ofEpochSecond(-seconds, -nanos) : Instant.ofEpochSecond(seconds, nanos);
        } catch (java.time.DateTimeException e) {
            throw badValue(key, value, headerOffset);
        }
    }

    private static String percentDecoded(String encoded, long headerOffset) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        byte[] in = encoded.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int high = in[i] == '%' && i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int low = high >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(in[i]);
            }
        }
        return TarText.name(bytes.toByteArray(), headerOffset);
    }

    private static HakoException malformed(long headerOffset) {
        return HakoException.invalid("not a valid tar archive: malformed PAX header at offset %d", headerOffset);
    }

    private static HakoException badValue(String key, byte[] value, long headerOffset) {
        return HakoException.invalid("tar PAX header at offset %d: bad %s value \"%s\"", headerOffset, key,
                TarText.escaped(value, 0, value.length));
    }
}
