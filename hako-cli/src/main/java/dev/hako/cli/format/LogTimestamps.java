package dev.hako.cli.format;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * `logs -t`: docker prefixes each line with its time in RFC 3339 with exactly nine fraction digits
 * in UTC (RFC3339NanoFixed: 2025-06-01T12:00:00.000000000Z) and a space, whatever precision and
 * offset the log file holds.
 */
public final class LogTimestamps {
    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");

    private LogTimestamps() {}

    /** The fixed form of an RFC 3339 time; text that does not parse is kept as it came. */
    public static String fixed(String rfc3339) {
        try {
            return FIXED.format(OffsetDateTime.parse(rfc3339).withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }
}
