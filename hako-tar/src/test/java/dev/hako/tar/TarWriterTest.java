package dev.hako.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** What TarWriter writes, read back by TarReader (and by commons-compress, as another tool would). */
class TarWriterTest {
    private static final Instant TIME = Instant.parse("2024-01-02T03:04:05Z");

    private record Read(TarEntry entry, byte[] content) {}

    private static byte[] write(TarEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            for (TarEntry e : entries) {
                tar.putEntry(e);
                for (long i = 0; i < e.size(); i++) {
                    tar.write('a' + (int) (i % 26));
                }
                tar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<Read> read(byte[] tar) throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        List<Read> entries = new ArrayList<>();
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            entries.add(new Read(e, reader.content().readAllBytes()));
        }
        return entries;
    }

    private static TarEntry only(byte[] tar) throws IOException {
        List<Read> entries = read(tar);
        assertEquals(1, entries.size());
        return entries.getFirst().entry();
    }

    /** True when the archive's first header is a PAX extension header. */
    private static boolean startsWithPax(byte[] tar) {
        return tar[156] == 'x';
    }

    @Test
    void aTreeRoundTrips() throws IOException {
        byte[] tar = write(
                TarEntry.directory("app").withMode(0750).withOwner(1000, 1001).withModified(TIME),
                TarEntry.file("app/run.sh", 30).withMode(04755).withModified(TIME),
                TarEntry.symlink("app/current", "../releases/7").withModified(TIME),
                TarEntry.hardLink("app/again.sh", "app/run.sh"),
                new TarEntry("app/null", TarEntry.Type.CHAR_DEVICE, "", 0666, 0, 0, 0, TIME, null, 1, 3, Map.of()),
                new TarEntry("app/fifo", TarEntry.Type.FIFO, "", 0600, 0, 0, 0, TIME, null, 0, 0, Map.of()));
        assertEquals(0, tar.length % TarHeaders.BLOCK);
        List<Read> entries = read(tar);

        TarEntry dir = entries.get(0).entry();
        assertEquals("app/", dir.name()); // directories end in a slash, as tar(1) and Go write them
        assertEquals(TarEntry.Type.DIRECTORY, dir.type());
        assertEquals(0750, dir.mode());
        assertEquals(1000, dir.uid());
        assertEquals(1001, dir.gid());
        assertEquals(TIME, dir.modified());

        TarEntry run = entries.get(1).entry();
        assertEquals(TarEntry.Type.FILE, run.type());
        assertEquals(04755, run.mode());
        assertEquals(30, run.size());
        assertEquals("abcdefghijklmnopqrstuvwxyzabcd", new String(entries.get(1).content(), StandardCharsets.US_ASCII));

        assertEquals(TarEntry.Type.SYMLINK, entries.get(2).entry().type());
        assertEquals("../releases/7", entries.get(2).entry().linkName());
        assertEquals(TarEntry.Type.HARD_LINK, entries.get(3).entry().type());
        assertEquals("app/run.sh", entries.get(3).entry().linkName());
        assertEquals(TarEntry.Type.CHAR_DEVICE, entries.get(4).entry().type());
        assertEquals(1, entries.get(4).entry().devMajor());
        assertEquals(3, entries.get(4).entry().devMinor());
        assertEquals(TarEntry.Type.FIFO, entries.get(5).entry().type());
        assertEquals(6, entries.size());
        assertTrue(!startsWithPax(tar), "ustar holds all of these: no PAX header");
    }

    @Test
    void longAndNonAsciiNamesGoToPax() throws IOException {
        String hundred = "n".repeat(100);
        assertEquals(hundred, only(write(TarEntry.file(hundred, 0))).name());
        assertTrue(!startsWithPax(write(TarEntry.file(hundred, 0))), "100 bytes still fit the name field");

        String deep = "d".repeat(60) + "/" + "e".repeat(60) + "/file";
        byte[] tar = write(TarEntry.file(deep, 3));
        assertTrue(startsWithPax(tar));
        assertEquals(deep, only(tar).name());

        String unicode = "ünïcode ✓";
        tar = write(TarEntry.file(unicode, 0));
        assertTrue(startsWithPax(tar));
        assertEquals(unicode, only(tar).name());

        String target = "../" + "l".repeat(150);
        tar = write(TarEntry.symlink("link", target));
        assertTrue(startsWithPax(tar));
        assertEquals(target, only(tar).linkName());
        assertEquals("link", only(tar).name());
    }

    @Test
    void bigOwnersAndDevicesGoToPax() throws IOException {
        byte[] tar = write(TarEntry.file("f", 1).withOwner(3_000_000_000L, 4_294_967_294L));
        assertTrue(startsWithPax(tar));
        TarEntry f = only(tar);
        assertEquals(3_000_000_000L, f.uid());
        assertEquals(4_294_967_294L, f.gid());

        TarEntry small = only(write(TarEntry.file("f", 1).withOwner(07777777, 0)));
        assertEquals(07777777, small.uid());

        tar = write(new TarEntry("dev/big", TarEntry.Type.BLOCK_DEVICE, "", 0660, 0, 0, 0, TIME, null, 4095, 1 << 24,
                Map.of()));
        assertTrue(startsWithPax(tar));
        assertEquals(4095, only(tar).devMajor());
        assertEquals(1 << 24, only(tar).devMinor());
    }

    @Test
    void sizesPast8GiBGoToPax() throws IOException {
        long size = 10L << 30;
        byte[] headers = TarHeaders.of(TarEntry.file("big", size));
        assertTrue(startsWithPax(headers));
        // The headers alone: the reader has what it needs before the content.
        TarEntry entry = new TarReader(new ByteArrayInputStream(headers)).next();
        assertEquals(size, entry.size());
    }

    @Test
    void timesKeepTheirFractionsThroughPax() throws IOException {
        Instant fine = Instant.parse("2021-02-03T04:05:06.123456789Z");
        byte[] tar = write(TarEntry.file("f", 0).withModified(fine));
        assertTrue(startsWithPax(tar));
        assertEquals(fine, only(tar).modified());

        Instant millis = Instant.ofEpochMilli(1_700_000_000_123L);
        assertEquals(millis, only(write(TarEntry.file("f", 0).withModified(millis))).modified());
        assertEquals("1700000000.123", TarHeaders.time(millis));

        Instant before1970 = Instant.ofEpochSecond(-2, 500_000_000); // -1.5 s
        assertEquals("-1.5", TarHeaders.time(before1970));
        assertEquals(before1970, only(write(TarEntry.file("f", 0).withModified(before1970))).modified());

        Instant accessed = Instant.parse("2022-01-01T00:00:00.5Z");
        TarEntry withAtime = new TarEntry("f", TarEntry.Type.FILE, "", 0644, 0, 0, 0, TIME, accessed, 0, 0, Map.of());
        assertEquals(accessed, only(write(withAtime)).accessed());
        assertNull(only(write(TarEntry.file("f", 0))).accessed());
    }

    @Test
    void xattrsRoundTripByteForByte() throws IOException {
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        xattrs.put("security.capability", capability);
        xattrs.put("user.note", "with = and \n inside".getBytes(StandardCharsets.UTF_8));
        TarEntry entry = new TarEntry("bin/ping", TarEntry.Type.FILE, "", 0755, 0, 0, 2, TIME, null, 0, 0, xattrs);
        TarEntry read = only(write(entry));
        assertArrayEquals(capability, read.xattrs().get("security.capability"));
        assertEquals("with = and \n inside", new String(read.xattrs().get("user.note"), StandardCharsets.UTF_8));
    }

    @Test
    void paxRecordLengthsCountTheirOwnDigits() {
        // Across the value lengths where the record's length goes from two digits to three.
        for (int valueLength = 80; valueLength < 110; valueLength++) {
            byte[] records = TarHeaders.records(Map.of("path", "v".repeat(valueLength).getBytes(StandardCharsets.US_ASCII)));
            int space = new String(records, StandardCharsets.US_ASCII).indexOf(' ');
            assertEquals(records.length, Integer.parseInt(new String(records, 0, space, StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void anotherReaderReadsWhatItWrites() throws IOException {
        String deep = "d".repeat(120) + "/file";
        byte[] tar = write(TarEntry.directory("top"), TarEntry.file(deep, 5).withOwner(3_000_000_000L, 7),
                TarEntry.symlink("top/link", "ünï"));
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry dir = in.getNextEntry();
            assertEquals("top/", dir.getName());
            assertTrue(dir.isDirectory());
            TarArchiveEntry file = in.getNextEntry();
            assertEquals(deep, file.getName());
            assertEquals(3_000_000_000L, file.getLongUserId());
            assertEquals("abcde", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            TarArchiveEntry link = in.getNextEntry();
            assertEquals("ünï", link.getLinkName());
            assertNull(in.getNextEntry());
        }
    }

    @Test
    void contentMustMatchItsHeader() throws IOException {
        TarWriter tar = new TarWriter(new ByteArrayOutputStream());
        tar.putEntry(TarEntry.file("f", 3));
        tar.write(new byte[2]);
        assertThrows(IOException.class, tar::closeEntry);
        assertThrows(IOException.class, () -> tar.write(new byte[2]));
        assertThrows(IOException.class, () -> tar.putEntry(TarEntry.file("g", 0)));
        assertThrows(IOException.class, tar::finish);
        tar.write(0);
        tar.closeEntry();
        assertThrows(IOException.class, () -> tar.write(1));
        assertThrows(IllegalArgumentException.class, () -> TarHeaders.of(TarEntry.directory("d").withOwner(-1, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> TarHeaders.of(new TarEntry("l", TarEntry.Type.SYMLINK, "t", 0777, 0, 0, 5, TIME, null, 0, 0, Map.of())));
    }

    @Test
    void unpaddedOutputIsReadAndCutOutputRefused() throws IOException {
        byte[] tar = write(TarEntry.file("a", 700), TarEntry.file("b", 100));
        int endOfB = 512 + 1024 + 512 + 100;
        // Without its padding and end marker (as umoci writes layers): complete.
        List<Read> unpadded = read(Arrays.copyOf(tar, endOfB));
        assertEquals(2, unpadded.size());
        assertEquals(100, unpadded.get(1).content().length);
        // Content cut short: refused, whether read or skipped.
        byte[] cut = Arrays.copyOf(tar, 512 + 600);
        HakoException e = assertThrows(HakoException.class, () -> read(cut));
        assertTrue(e.getMessage().contains("ends in the middle of the content of \"a\""), e.getMessage());
        TarReader skipping = new TarReader(new ByteArrayInputStream(cut));
        skipping.next();
        assertThrows(HakoException.class, skipping::next);
    }

    @Test
    void bytesReadCountsTheArchiveUpToTheEndMarker() throws IOException {
        byte[] tar = write(TarEntry.file("a", 700));
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        reader.next();
        assertEquals(512, reader.bytesRead());
        assertNull(reader.next());
        assertEquals(512 + 1024 + 512, reader.bytesRead()); // the first zero block ends it
        assertEquals(512 + 1024 + 1024, tar.length);
    }
}
