package dev.hako.cli.format;

/**
 * Go's json.Indent: re-indents JSON text without touching its tokens (strings keep their exact
 * escapes), so `hako image inspect` prints the daemon's JSON byte for byte as docker would.
 * Empty arrays and objects stay "[]" and "{}".
 */
public final class JsonIndent {
    private JsonIndent() {}

    public static String indent(String json, String indent) {
        StringBuilder out = new StringBuilder(json.length() * 2);
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        boolean pendingOpen = false; // just wrote '[' or '{': newline deferred until we see it is not empty
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (pendingOpen) {
                pendingOpen = false;
                if (c == ']' || c == '}') {
                    depth--;
                    out.append(c);
                    continue;
                }
                newline(out, indent, depth);
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '[', '{' -> {
                    out.append(c);
                    depth++;
                    pendingOpen = true;
                }
                case ',' -> {
                    out.append(c);
                    newline(out, indent, depth);
                }
                case ':' -> out.append(": ");
                case ']', '}' -> {
                    depth--;
                    newline(out, indent, depth);
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void newline(StringBuilder out, String indent, int depth) {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append(indent);
        }
    }
}
