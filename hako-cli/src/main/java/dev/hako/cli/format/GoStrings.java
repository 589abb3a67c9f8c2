package dev.hako.cli.format;

/** Go's string helpers that docker's tables rely on. */
public final class GoStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoStrings() {}

    /**
     * strconv.Quote: double quotes around the text, with \" \\ and control characters escaped;
     * printable non-ASCII (the "…" of a truncated command) stays as it is.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0b -> b.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (!printable(c)) {
                        String hex = Integer.toHexString(c);
                        if (c < 0x10000) {
                            b.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
                        } else {
                            b.append("\\U").append("0".repeat(8 - hex.length())).append(hex);
                        }
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean printable(int c) {
        if (c < 0x80) {
            return true; // controls were handled above
        }
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.SURROGATE && type != Character.PRIVATE_USE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || c == ' ');
    }

    /**
     * docker's formatter.Ellipsis: text longer than {@code max} characters is cut to max-1 and ends
     * in "…". (docker counts East Asian wide characters twice; hako counts characters.)
     */
    public static String ellipsis(String s, int max) {
        if (max <= 0) {
            return "";
        }
        int length = s.codePointCount(0, s.length());
        if (length <= max) {
            return s;
        }
        if (max == 1) {
            return s.substring(0, s.offsetByCodePoints(0, 1));
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
