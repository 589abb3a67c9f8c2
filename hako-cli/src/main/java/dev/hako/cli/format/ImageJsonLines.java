package dev.hako.cli.format;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** `hako images --format json`: one object per row, docker's keys in docker's (sorted) order. */
public final class ImageJsonLines {
    // Go's time.Time.String() layout: "2006-01-02 15:04:05 -0700 MST" (whole seconds here).
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");
    private static final String NOT_AVAILABLE = "N/A";

    private ImageJsonLines() {}

    /** Go's time.Time.String() of a Unix time in {@code zone}: "2025-06-01 12:00:00 +0000 UTC". */
    static String goTime(long unix, ZoneId zone) {
        // Go names the UTC zone "UTC" where java.time's offset prints "Z".
        ZoneId named = zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
        return GO_TIME.format(Instant.ofEpochSecond(unix).atZone(named));
    }

    public static String render(List<ImageRow> rows, boolean noTrunc, Instant now, ZoneId zone) {
        StringWriter out = new StringWriter();
        try {
            for (ImageRow row : rows) {
                try (JsonGenerator json = GoJson.generator(out)) {
                    json.writeStartObject();
                    json.writeStringField("Containers", NOT_AVAILABLE);
                    json.writeStringField("CreatedAt", goTime(row.createdUnix(), zone));
                    json.writeStringField("CreatedSince", ImageTable.createdSince(row.createdUnix(), now));
                    json.writeStringField("Digest", row.digest());
                    json.writeStringField("ID", ImageTable.id(row.id(), noTrunc));
                    json.writeStringField("Repository", row.repository());
                    json.writeStringField("SharedSize", NOT_AVAILABLE);
                    json.writeStringField("Size", Units.humanSize(row.size(), 3));
                    json.writeStringField("Tag", row.tag());
                    json.writeStringField("UniqueSize", NOT_AVAILABLE);
                    json.writeStringField("VirtualSize", Units.humanSize(row.size()));
                    json.writeEndObject();
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
