package dev.hako.cli.format;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** `hako ps --format json`: one object per container, docker's keys in docker's (sorted) order. */
public final class ContainerJsonLines {
    private ContainerJsonLines() {}

    public static String render(List<ContainerRow> rows, boolean noTrunc, Instant now, ZoneId zone) {
        StringWriter out = new StringWriter();
        try {
            for (ContainerRow row : rows) {
                try (JsonGenerator json = GoJson.generator(out)) {
                    json.writeStartObject();
                    json.writeStringField("Command", ContainerTable.command(row.command(), noTrunc));
                    json.writeStringField("CreatedAt", ImageJsonLines.goTime(row.createdUnix(), zone));
                    json.writeStringField("ID", ContainerTable.id(row.id(), noTrunc));
                    json.writeStringField("Image", ContainerTable.image(row.image(), noTrunc));
                    json.writeStringField("Labels", "");
                    json.writeStringField("LocalVolumes", "0");
                    json.writeStringField("Mounts", "");
                    json.writeStringField("Names", row.name());
                    json.writeStringField("Networks", "");
                    json.writeStringField("Ports", "");
                    json.writeStringField("RunningFor", ContainerTable.runningFor(row.createdUnix(), now));
                    json.writeStringField("Size", "0B");
                    json.writeStringField("State", row.state());
                    json.writeStringField("Status", row.status());
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
