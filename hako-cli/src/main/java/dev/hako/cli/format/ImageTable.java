package dev.hako.cli.format;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** docker's `images` table and `-q` listing. */
public final class ImageTable {
    private ImageTable() {}

    public static String table(List<ImageRow> rows, boolean digests, boolean noTrunc, Instant now) {
        TabWriter table = TabWriter.table();
        if (digests) {
            table.row("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE");
        } else {
            table.row("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        }
        for (ImageRow row : rows) {
            String id = id(row.id(), noTrunc);
            String created = createdSince(row.createdUnix(), now);
            String size = Units.humanSize(row.size(), 3);
            if (digests) {
                table.row(row.repository(), row.tag(), row.digest(), id, created, size);
            } else {
                table.row(row.repository(), row.tag(), id, created, size);
            }
        }
        return table.render();
    }

    /** One ID per line, each image once (so `hako rmi $(hako images -q)` names each image once). */
    public static String quiet(List<ImageRow> rows, boolean noTrunc) {
        Set<String> ids = new LinkedHashSet<>();
        for (ImageRow row : rows) {
            ids.add(id(row.id(), noTrunc));
        }
        StringBuilder out = new StringBuilder();
        ids.forEach(id -> out.append(id).append('\n'));
        return out.toString();
    }

    static String id(String id, boolean noTrunc) {
        return noTrunc ? id : ImageNames.shortId(id);
    }

    /** "2 weeks ago"; docker's table shows N/A when the image has no creation time. */
    static String createdSince(long createdUnix, Instant now) {
        if (createdUnix <= 0) {
            return "N/A";
        }
        return Units.humanDuration(Duration.between(Instant.ofEpochSecond(createdUnix), now)) + " ago";
    }
}
