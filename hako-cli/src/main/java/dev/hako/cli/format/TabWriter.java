package dev.hako.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells like Go's text/tabwriter, which docker uses for every table: each
 * cell but the last of a line is padded to its column's width plus {@code padding}, and never
 * narrower than {@code minWidth}. Consecutive lines that contain tabs form one block; a line with
 * no tab ends the block, as in Go.
 */
public final class TabWriter {
    private final int minWidth;
    private final int padding;
    private final List<String> lines = new ArrayList<>();

    public TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** docker's table writer: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0). */
    public static TabWriter table() {
        return new TabWriter(10, 3);
    }

    public TabWriter row(String... cells) {
        lines.add(String.join("\t", cells));
        return this;
    }

    public TabWriter line(String line) {
        lines.add(line);
        return this;
    }

    /** The aligned text, each line ended by a newline. */
    public String render() {
        StringBuilder out = new StringBuilder();
        int start = 0;
        while (start < lines.size()) {
            int end = start;
            while (end < lines.size() && lines.get(end).indexOf('\t') >= 0) {
                end++;
            }
            if (end == start) {
                out.append(lines.get(start)).append('\n');
                start++;
            } else {
                renderBlock(lines.subList(start, end), out);
                start = end;
            }
        }
        return out.toString();
    }

    private void renderBlock(List<String> block, StringBuilder out) {
        List<String[]> rows = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (String line : block) {
            String[] cells = line.split("\t", -1);
            rows.add(cells);
            for (int i = 0; i < cells.length - 1; i++) {
                int width = Math.max(minWidth, displayWidth(cells[i]) + padding);
                if (i == widths.size()) {
                    widths.add(width);
                } else if (width > widths.get(i)) {
                    widths.set(i, width);
                }
            }
        }
        for (String[] cells : rows) {
            for (int i = 0; i < cells.length - 1; i++) {
                out.append(cells[i]).repeat(' ', widths.get(i) - displayWidth(cells[i]));
            }
            out.append(cells[cells.length - 1]).append('\n');
        }
    }

    private static int displayWidth(String s) {
        return s.codePointCount(0, s.length());
    }
}
