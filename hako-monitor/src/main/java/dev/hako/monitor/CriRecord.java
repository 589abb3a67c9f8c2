package dev.hako.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a CRI log file: {@code <RFC3339Nano time> <stdout|stderr> <tags> <content>}. The
 * tag P marks a piece of a longer line (conmon cuts lines at its 8 KiB read buffer); F ends the
 * line. The content excludes the line's newline, which F implies.
 */
public record CriRecord(Instant time, Stdio stream, boolean partial, byte[] content) {
    /** Parses one line (without its newline); empty when it is not a CRI log record. */
    public static Optional<CriRecord> parse(byte[] line, int offset, int length) {
        int end = offset + length;
        int timeEnd = indexOf(line, (byte) ' ', offset, end);
        int streamEnd = timeEnd < 0 ? -1 : indexOf(line, (byte) ' ', timeEnd + 1, end);
        if (streamEnd < 0) {
            return Optional.empty();
        }
        int tagsEnd = indexOf(line, (byte) ' ', streamEnd + 1, end);
        if (tagsEnd < 0) {
            tagsEnd = end; // an empty F line may lose its trailing space to an editor; accept it
        }
        Stdio stream = Stdio.ofCriName(new String(line, timeEnd + 1, streamEnd - timeEnd - 1, StandardCharsets.US_ASCII));
        if (stream == null) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(new String(line, offset, timeEnd - offset, StandardCharsets.US_ASCII)).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        // Tags are joined with ':' (the CRI leaves room for more than P and F).
        String tags = new String(line, streamEnd + 1, tagsEnd - streamEnd - 1, StandardCharsets.US_ASCII);
        boolean partial = Arrays.asList(tags.split(":")).contains("P");
        byte[] content = tagsEnd >= end ? new byte[0] : Arrays.copyOfRange(line, tagsEnd + 1, end);
        return Optional.of(new CriRecord(time, stream, partial, content));
    }

    public static Optional<CriRecord> parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length);
    }

    static int indexOf(byte[] b, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
