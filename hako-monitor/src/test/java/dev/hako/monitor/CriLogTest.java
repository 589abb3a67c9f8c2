package dev.hako.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogTest {
    @TempDir
    Path dir;

    static String record(int second, String stream, String tag, String content) {
        return "2026-01-02T03:04:%02d.123456789+01:00 %s %s %s\n".formatted(second, stream, tag, content);
    }

    private static List<String> texts(List<LogEntry> entries) {
        return entries.stream().map(e -> e.stream().criName() + (e.partial() ? " P " : " F ") + e.text()).toList();
    }

    @Test
    void parsesRecordsWithNanosecondsAndOffsets() {
        CriRecord r = CriRecord.parse("2026-01-02T03:04:05.123456789+01:00 stderr F oops: a b  c").orElseThrow();
        assertEquals(Instant.parse("2026-01-02T02:04:05.123456789Z"), r.time());
        assertEquals(Stdio.STDERR, r.stream());
        assertFalse(r.partial());
        assertEquals("oops: a b  c", new String(r.content(), StandardCharsets.UTF_8));

        CriRecord p = CriRecord.parse("2026-01-02T03:04:05Z stdout P piece").orElseThrow();
        assertTrue(p.partial());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), p.time());

        assertArrayEquals(new byte[0], CriRecord.parse("2026-01-02T03:04:05Z stdout F ").orElseThrow().content());
        assertArrayEquals(new byte[0], CriRecord.parse("2026-01-02T03:04:05Z stdout F").orElseThrow().content());
        assertEquals(Optional.empty(), CriRecord.parse("garbage"));
        assertEquals(Optional.empty(), CriRecord.parse("2026-01-02T03:04:05Z stdin F x"));
        assertEquals(Optional.empty(), CriRecord.parse("yesterday stdout F x"));
    }

    @Test
    void joinsPartialRecordsPerStreamEvenWhenTheOtherStreamInterleaves() throws Exception {
        Path log = dir.resolve("0.log");
        Files.writeString(log, record(1, "stdout", "P", "hel")
                + record(2, "stderr", "F", "warning")
                + record(3, "stdout", "P", "lo ")
                + record(4, "stdout", "F", "world")
                + record(5, "stdout", "F", "")
                + "not a record\n"
                + record(6, "stderr", "P", "no newline at the end"));
        List<LogEntry> entries = CriLog.read(log);
        assertEquals(List.of("stderr F warning", "stdout F hello world", "stdout F ", "stderr P no newline at the end"),
                texts(entries));
        assertEquals(Instant.parse("2026-01-02T02:04:01.123456789Z"), entries.get(1).time(), "the first piece's time");
    }

    @Test
    void tailReadsOnlyTheLastLinesAndKeepsTheirPiecesTogether() throws Exception {
        Path log = dir.resolve("0.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append(record(i % 60, "stdout", "F", "line " + i));
        }
        text.append(record(1, "stdout", "P", "long "));
        text.append(record(2, "stdout", "P", "long "));
        text.append(record(3, "stdout", "F", "line"));
        text.append(record(4, "stderr", "F", "last"));
        Files.writeString(log, text);
        assertEquals(List.of("stdout F long long line", "stderr F last"), texts(CriLog.tail(log, 2)));
        assertEquals(List.of("stdout F line 4999", "stdout F long long line", "stderr F last"), texts(CriLog.tail(log, 3)));
        assertEquals(List.of(), CriLog.tail(log, 0));
        assertEquals(5002, CriLog.tail(log, 100_000).size());
        assertEquals(5002, CriLog.read(log).size());
        assertEquals(List.of(), CriLog.tail(dir.resolve("missing.log"), 5));
    }

    @Test
    void aLineLongerThanABlockSurvivesTheBackwardScan() throws Exception {
        Path log = dir.resolve("0.log");
        String big = "x".repeat(200_000);
        Files.writeString(log, record(1, "stdout", "F", "before") + record(2, "stdout", "P", big)
                + record(3, "stdout", "F", "!") + record(4, "stdout", "F", "after"));
        List<LogEntry> last2 = CriLog.tail(log, 2);
        assertEquals(big + "!", last2.get(0).text());
        assertEquals("after", last2.get(1).text());
    }

    @Test
    void theParserTakesBytesInAnyPieces() {
        List<LogEntry> out = new ArrayList<>();
        CriLogParser parser = new CriLogParser(out::add);
        byte[] all = (record(1, "stdout", "P", "a") + record(2, "stdout", "F", "b") + record(3, "stderr", "F", "c"))
                .getBytes(StandardCharsets.UTF_8);
        for (byte b : all) {
            parser.feed(new byte[] {b}, 0, 1);
        }
        assertEquals(List.of("stdout F ab", "stderr F c"), texts(out));
        assertFalse(parser.hasPending());
        parser.feed(all, 0, 40);
        assertTrue(parser.hasPending());
    }
}
