package dev.hako.cli.format;

import java.time.Instant;
import java.util.List;

/** docker's `ps` table and `ps -q`. */
public final class ContainerTable {
    /** docker truncates COMMAND to this many characters unless --no-trunc. */
    static final int COMMAND_WIDTH = 20;

    private ContainerTable() {}

    public static String table(List<ContainerRow> rows, boolean noTrunc, Instant now) {
        TabWriter table = TabWriter.table();
        table.row("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        for (ContainerRow row : rows) {
            table.row(id(row.id(), noTrunc), image(row.image(), noTrunc), command(row.command(), noTrunc),
                    runningFor(row.createdUnix(), now), row.status(), "", row.name());
        }
        return table.render();
    }

    public static String quiet(List<ContainerRow> rows, boolean noTrunc) {
        StringBuilder out = new StringBuilder();
        for (ContainerRow row : rows) {
            out.append(id(row.id(), noTrunc)).append('\n');
        }
        return out.toString();
    }

    static String id(String id, boolean noTrunc) {
        return noTrunc ? id : ImageNames.shortId(id);
    }

    /** The command quoted as Go does, and cut to 20 characters first unless --no-trunc. */
    static String command(String command, boolean noTrunc) {
        return GoStrings.quote(noTrunc ? command : GoStrings.ellipsis(command, COMMAND_WIDTH));
    }

    /**
     * The image as docker's ps shows it: an image ID shortened to 12 digits, a name in its familiar
     * form without a pinned digest; --no-trunc shows what the daemon sent.
     */
    static String image(String image, boolean noTrunc) {
        if (image.isEmpty()) {
            return "<no image>";
        }
        if (noTrunc) {
            return image;
        }
        if (image.startsWith("sha256:")) {
            return ImageNames.shortId(image);
        }
        int at = image.indexOf('@');
        return ImageNames.familiar(at < 0 ? image : image.substring(0, at));
    }

    /** docker's CREATED column ("5 seconds ago"), from the creation time. */
    static String runningFor(long createdUnix, Instant now) {
        return ImageTable.createdSince(createdUnix, now);
    }
}
