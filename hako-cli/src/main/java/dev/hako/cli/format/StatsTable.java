package dev.hako.cli.format;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * docker's `stats` table. NET I/O and BLOCK I/O show "--": the daemon's stats carry neither yet
 * (docker prints "--" for values it cannot read, too).
 */
public final class StatsTable {
    private static final String UNKNOWN = "--";

    private StatsTable() {}

    public static String table(List<StatsRow> rows, boolean noTrunc) {
        TabWriter table = TabWriter.table();
        table.row("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS");
        for (StatsRow row : rows) {
            table.row(noTrunc ? row.id() : ImageNames.shortId(row.id()), row.name(), percent(row.cpuPercent()),
                    Units.bytesSize(row.memoryUsage()) + " / " + Units.bytesSize(row.memoryLimit()),
                    percent(row.memoryPercent()), UNKNOWN, UNKNOWN, Long.toString(row.pids()));
        }
        return table.render();
    }

    /** Go's "%.2f%%": rounded half to even on the exact value, as Go's formatting does. */
    static String percent(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "0.00%";
        }
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }
}
