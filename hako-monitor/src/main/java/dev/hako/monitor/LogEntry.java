package dev.hako.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One line the container wrote, its P pieces joined: what {@code hako logs} prints.
 *
 * @param time when the line's first piece was logged
 * @param line the bytes, without the newline
 * @param partial the line had no newline: the container ended (or has so far written) without one
 */
public record LogEntry(Instant time, Stdio stream, byte[] line, boolean partial) {
    public String text() {
        return new String(line, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "LogEntry[" + time + " " + stream.criName() + (partial ? " P " : " F ") + text() + "]";
    }
}
