package dev.hako.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what an OCI runtime printed on stderr into a message for people. runc logs through
 * logrus ({@code time="..." level=error msg="..."}, or JSON with {@code --log-format json});
 * crun prints {@code crun: ...}. Only the messages are kept, errors first.
 */
public final class RuntimeMessages {
    private static final Pattern TEXT_FIELD = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");
    private static final Pattern JSON_FIELD = Pattern.compile("\"(level|msg)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private RuntimeMessages() {}

    /** The runtime's messages, one per line, joined with "; "; errors only when there are any. */
    public static String clean(String stderr) {
        if (stderr == null) {
            return "";
        }
        List<String> errors = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String raw : stderr.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Message m = parse(line);
            if (m.text().isEmpty()) {
                continue;
            }
            if (m.error()) {
                add(errors, m.text());
            } else {
                add(others, m.text());
            }
        }
        return String.join("; ", errors.isEmpty() ? others : errors);
    }

    private static void add(List<String> messages, String text) {
        // runc often logs an error and then prints the same error again as its last words.
        if (!messages.contains(text)) {
            messages.add(text);
        }
    }

    private record Message(boolean error, String text) {}

    private static Message parse(String line) {
        if (line.startsWith("{")) {
            String level = null;
            String msg = null;
            Matcher j = JSON_FIELD.matcher(line);
            while (j.find()) {
                if (j.group(1).equals("level")) {
                    level = j.group(2);
                } else {
                    msg = unquote(j.group(2));
                }
            }
            if (msg != null) {
                return new Message(isError(level), msg.strip());
            }
        }
        if (line.contains("level=") && line.contains("msg=")) {
            String level = null;
            String msg = null;
            Matcher t = TEXT_FIELD.matcher(line);
            while (t.find()) {
                String value = t.group(2);
                if (value.startsWith("\"")) {
                    value = unquote(value.substring(1, value.length() - 1));
                }
                if (t.group(1).equals("level")) {
                    level = value;
                } else if (t.group(1).equals("msg")) {
                    msg = value;
                }
            }
            if (msg != null) {
                return new Message(isError(level), msg.strip());
            }
        }
        // Anything else (crun's "crun: ...", a Go panic) is shown as it is; it is an error
        // unless it says it is a warning.
        String lower = line.toLowerCase(java.util.Locale.ROOT);
        return new Message(!lower.startsWith("warning") && !lower.contains("level=warn"), line);
    }

    private static boolean isError(String level) {
        return level == null || level.equals("error") || level.equals("fatal") || level.equals("panic");
    }

    /** Undoes Go's and JSON's backslash escapes. */
    private static String unquote(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    if (i + 4 < s.length()) {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
