package dev.hako.cli.container;

import java.util.Locale;

/**
 * go-units RAMInBytes (docker's --memory, --memory-swap, --shm-size): a number with an optional
 * binary unit, k/m/g/t/p (1024-based), optionally followed by "b" or "ib", any case, with at most
 * one space between; "100" is bytes. Error texts are go-units' own.
 */
public final class Sizes {
    private static final String DIGITS_OR_POINT = "0123456789. ";

    private Sizes() {}

    public static long ramInBytes(String text) {
        int sep = lastIndexOfAny(text, DIGITS_OR_POINT);
        if (sep < 0) {
            throw new IllegalArgumentException("invalid size: '" + text + "'");
        }
        String number;
        String suffix;
        if (text.charAt(sep) != ' ') {
            number = text.substring(0, sep + 1);
            suffix = text.substring(sep + 1);
        } else {
            number = text.substring(0, sep);
            suffix = text.substring(sep + 1);
        }
        double size = GoFloat.parse(number);
        if (size < 0) {
            throw new IllegalArgumentException("invalid size: '" + text + "'");
        }
        if (suffix.isEmpty()) {
            return inRange(size, text);
        }
        String sfx = suffix.toLowerCase(Locale.ROOT);
        if (sfx.length() > 3) {
            throw badSuffix(sfx);
        }
        if (sfx.charAt(0) == 'b') {
            if (sfx.length() > 1) {
                throw badSuffix(sfx);
            }
            return inRange(size, text);
        }
        int power = "kmgtp".indexOf(sfx.charAt(0));
        if (power < 0
                || (sfx.length() == 2 && sfx.charAt(1) != 'b')
                || (sfx.length() == 3 && !sfx.substring(1).equals("ib"))) {
            throw badSuffix(sfx);
        }
        return inRange(size * Math.pow(1024, power + 1), text);
    }

    /**
     * Go turns a float beyond int64 into a negative number, which docker's daemon then refuses;
     * Java would saturate it into "no limit" without a word. Either way, say so here.
     */
    private static long inRange(double bytes, String text) {
        if (!(bytes < 0x1p63)) {
            throw new IllegalArgumentException("size out of range: '" + text + "'");
        }
        return (long) bytes;
    }

    private static IllegalArgumentException badSuffix(String sfx) {
        return new IllegalArgumentException("invalid suffix: '" + sfx + "'");
    }

    private static int lastIndexOfAny(String s, String chars) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
