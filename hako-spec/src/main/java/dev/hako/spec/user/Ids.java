package dev.hako.spec.user;

/** User and group ids as text. */
final class Ids {
    /** runc's limit: ids are positive 32-bit signed numbers. */
    static final long MAX = (1L << 31) - 1;

    private Ids() {}

    /** The id {@code text} holds, or null when it is not a plain decimal number in range. */
    static Long parse(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long v = Long.parseLong(text);
        return v <= MAX ? v : null;
    }

    static boolean looksNumeric(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
