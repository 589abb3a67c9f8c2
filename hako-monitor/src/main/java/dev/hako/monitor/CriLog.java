package dev.hako.monitor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reading container logs in the CRI format, as conmon writes them. */
public final class CriLog {
    private static final int BLOCK = 64 * 1024;

    private CriLog() {}

    /** Every line of the log, P pieces joined; a line still without its end comes last, partial. */
    public static List<LogEntry> read(Path file) throws IOException {
        return tail(file, -1);
    }

    /** The last {@code lines} lines of the log (all of them when negative); none when it does not exist. */
    public static List<LogEntry> tail(Path file, int lines) throws IOException {
        List<LogEntry> entries = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            CriLogParser parser = new CriLogParser(entries::add);
            readRange(channel, lines < 0 ? 0 : startOfLast(channel, size, lines), size, parser);
            parser.finish();
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return lines < 0 || entries.size() <= lines ? entries : List.copyOf(entries.subList(entries.size() - lines, entries.size()));
    }

    static void readRange(FileChannel channel, long from, long to, CriLogParser parser) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
        long position = from;
        while (position < to) {
            buffer.clear();
            buffer.limit((int) Math.min(BLOCK, to - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            parser.feed(buffer.array(), 0, n);
            position += n;
        }
    }

    /**
     * Where to start parsing so that at least the last {@code lines} lines come out: just after
     * the F record that ends the line before them. Scans backwards, reading only the tail of the
     * file. (Lines of stdout and stderr interleaved in P pieces could make the first line come
     * out short; conmon writes each read of a stream at once, so this is rare.)
     */
    static long startOfLast(FileChannel channel, long size, int lines) throws IOException {
        if (lines == 0) {
            return size;
        }
        int ends = 0;
        long recordEnd = -1; // the newline ending the record after the one being looked at
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        for (long blockEnd = size; blockEnd > 0; ) {
            long blockStart = Math.max(0, blockEnd - BLOCK);
            block.clear();
            block.limit((int) (blockEnd - blockStart));
            channel.read(block, blockStart);
            byte[] b = block.array();
            for (int i = (int) (blockEnd - blockStart) - 1; i >= 0; i--) {
                if (b[i] != '\n') {
                    continue;
                }
                long newline = blockStart + i;
                if (recordEnd >= 0 && isFinal(channel, newline + 1, recordEnd)) {
                    // The record after this newline ends a line.
                    ends++;
                    if (ends > lines) {
                        return recordEnd + 1;
                    }
                }
                recordEnd = newline;
            }
            blockEnd = blockStart;
        }
        return 0;
    }

    /** Whether the record from {@code start} to the newline at {@code end} is an F record. */
    private static boolean isFinal(FileChannel channel, long start, long end) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(128, end - start));
        channel.read(head, start);
        byte[] h = head.array();
        int n = head.position();
        int first = CriRecord.indexOf(h, (byte) ' ', 0, n);
        int second = first < 0 ? -1 : CriRecord.indexOf(h, (byte) ' ', first + 1, n);
        if (second < 0) {
            return false;
        }
        int third = CriRecord.indexOf(h, (byte) ' ', second + 1, n);
        String tags = new String(h, second + 1, (third < 0 ? n : third) - second - 1, java.nio.charset.StandardCharsets.US_ASCII);
        return !List.of(tags.split(":")).contains("P");
    }
}
