package dev.hako.cli.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a VT100 to replay what the progress view writes: printable text, \n, \r, and
 * ESC[nA / ESC[nB / ESC[2K. Tests then compare the screen a user would see.
 */
public final class VirtualScreen {
    private static final Pattern CSI = Pattern.compile("\u001b\\[(\\d*)([ABK])");

    private final List<StringBuilder> lines = new ArrayList<>(List.of(new StringBuilder()));
    private int row;
    private int col;

    public static String replay(String output) {
        VirtualScreen screen = new VirtualScreen();
        screen.write(output);
        return screen.text();
    }

    public void write(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\u001b') {
                Matcher m = CSI.matcher(s).region(i, s.length());
                if (!m.lookingAt()) {
                    throw new IllegalStateException("unsupported escape at " + i + ": " + s.substring(i));
                }
                int n = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
                switch (m.group(2)) {
                    case "A" -> row = Math.max(0, row - n);
                    case "B" -> {
                        row += n;
                        ensureRow();
                    }
                    case "K" -> {
                        if (n != 2) {
                            throw new IllegalStateException("only ESC[2K is expected");
                        }
                        lines.get(row).setLength(0);
                    }
                    default -> throw new IllegalStateException();
                }
                i = m.end();
                continue;
            }
            switch (c) {
                case '\n' -> {
                    row++;
                    col = 0;
                    ensureRow();
                }
                case '\r' -> col = 0;
                default -> {
                    StringBuilder line = lines.get(row);
                    while (line.length() < col) {
                        line.append(' ');
                    }
                    if (col < line.length()) {
                        line.setCharAt(col, c);
                    } else {
                        line.append(c);
                    }
                    col++;
                }
            }
            i++;
        }
    }

    private void ensureRow() {
        while (lines.size() <= row) {
            lines.add(new StringBuilder());
        }
    }

    /** The screen, lines right-trimmed, with the cursor row marked by where text would continue. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (StringBuilder line : lines) {
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public int cursorRow() {
        return row;
    }
}
