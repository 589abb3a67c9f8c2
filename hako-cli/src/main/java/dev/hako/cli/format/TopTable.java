package dev.hako.cli.format;

import java.util.List;

/** docker's `top`: the ps titles and rows, aligned by a tab writer with 20-column minimum cells. */
public final class TopTable {
    private TopTable() {}

    public static String table(List<String> titles, List<List<String>> processes) {
        TabWriter table = new TabWriter(20, 3);
        table.row(titles.toArray(String[]::new));
        for (List<String> fields : processes) {
            table.row(fields.toArray(String[]::new));
        }
        return table.render();
    }
}
