package dev.hako.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** The tar parser on its own: formats, extension headers and damaged archives. Needs no root. */
class TarReaderTest {
    /** cap_setuid,cap_net_bind_service+ep in VFS_CAP_REVISION_2 form: 0x80 is not valid UTF-8 on its own. */
    static final byte[] CAPABILITY = {1, 0, 0, 2, (byte) 0x80, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void readsTypesNamesAndContent() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("./etc")
                .file("./etc/hostname", "box\n", e -> e.setIds(1000, 2000))
                .symlink("etc/localtime", "/usr/share/zoneinfo/UTC")
                .hardLink("etc/hostname2", "etc/hostname")
                .device("dev/null", TarConstants.LF_CHR, 1, 3, 020666)
                .device("dev/loop0", TarConstants.LF_BLK, 7, 0, 060660)
                .device("run/fifo", TarConstants.LF_FIFO, 0, 0, 010644)
                .build();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));

        TarEntry dir = reader.next();
        assertEquals("./etc/", dir.name());
        assertEquals(TarEntry.Type.DIRECTORY, dir.type());
        assertEquals(0755, dir.mode());
        assertEquals(TarBuilder.TIME, dir.modified());

        TarEntry file = reader.next();
        assertEquals(TarEntry.Type.FILE, file.type());
        assertEquals(1000, file.uid());
        assertEquals(2000, file.gid());
        assertEquals(4, file.size());
        assertEquals("box\n", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));

        TarEntry symlink = reader.next();
        assertEquals(TarEntry.Type.SYMLINK, symlink.type());
        assertEquals("/usr/share/zoneinfo/UTC", symlink.linkName());
        TarEntry link = reader.next();
        assertEquals(TarEntry.Type.HARD_LINK, link.type());
        assertEquals("etc/hostname", link.linkName());
        TarEntry chr = reader.next();
        assertEquals(TarEntry.Type.CHAR_DEVICE, chr.type());
        assertEquals(1, chr.devMajor());
        assertEquals(3, chr.devMinor());
        assertEquals(0666, chr.mode());
        TarEntry blk = reader.next();
        assertEquals(TarEntry.Type.BLOCK_DEVICE, blk.type());
        assertEquals(7, blk.devMajor());
        assertEquals(TarEntry.Type.FIFO, reader.next().type());
        assertNull(reader.next());
        assertNull(reader.next());
    }

    @Test
    void skipsUnreadContent() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x".repeat(100_000)).file("b", "second").build();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar), 2048);
        assertEquals("a", reader.next().name());
        assertEquals("b", reader.next().name());
        assertEquals("second", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
        assertNull(reader.next());
    }

    @Test
    void keepsBinaryXattrValuesByteForByte() throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("SCHILY.xattr.security.capability", CAPABILITY);
        records.put("SCHILY.xattr.user.binary", new byte[] {0, (byte) 0xff, (byte) 0xc0, '\n', '='});
        records.put("LIBARCHIVE.xattr.user.with%3Dequals", Base64.getEncoder().withoutPadding()
                .encode(new byte[] {(byte) 0xfe, 1, 2, 3, 4}));
        byte[] tar = new TarBuilder().withRawPax(records, new TarArchiveEntry("bin/ping"), "ELF").build();

        TarEntry entry = new TarReader(new ByteArrayInputStream(tar)).next();
        assertEquals("bin/ping", entry.name());
        assertArrayEquals(CAPABILITY, entry.xattrs().get("security.capability"));
        assertArrayEquals(new byte[] {0, (byte) 0xff, (byte) 0xc0, '\n', '='}, entry.xattrs().get("user.binary"));
        assertArrayEquals(new byte[] {(byte) 0xfe, 1, 2, 3, 4}, entry.xattrs().get("user.with=equals"));
    }

    @Test
    void readsPaxTimesToTheNanosecondAndLongNames() throws IOException {
        String longName = "very/" + "deep/".repeat(40) + "name-with-ünïcode";
        // commons-compress writes times to 100 ns; readsNegativeAndFractionalPaxTimes goes to 1 ns
        Instant modified = Instant.parse("2023-05-06T07:08:09.1234567Z");
        Instant accessed = Instant.parse("2022-01-01T00:00:00.5Z");
        byte[] tar = new TarBuilder().file(longName, "x", e -> {
            e.setLastModifiedTime(FileTime.from(modified));
            e.setLastAccessTime(FileTime.from(accessed));
        }).build();
        TarEntry entry = new TarReader(new ByteArrayInputStream(tar)).next();
        assertEquals(longName, entry.name());
        assertEquals(modified, entry.modified());
        assertEquals(accessed, entry.accessed());
    }

    @Test
    void readsNegativeAndFractionalPaxTimes() throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("mtime", "-1.25".getBytes(StandardCharsets.US_ASCII));
        records.put("atime", "1700000000.0000000019".getBytes(StandardCharsets.US_ASCII));
        TarArchiveEntry plain = new TarArchiveEntry("f");
        plain.setLastModifiedTime(FileTime.from(TarBuilder.TIME)); // whole seconds: no PAX header of its own
        byte[] tar = new TarBuilder().withRawPax(records, plain, "").build();
        TarEntry entry = new TarReader(new ByteArrayInputStream(tar)).next();
        assertEquals(Instant.ofEpochSecond(-2, 750_000_000), entry.modified());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 1), entry.accessed());
    }

    @Test
    void readsGnuLongNamesAndBase256Numbers() throws IOException {
        String longName = "gnu/" + "x".repeat(200);
        String longTarget = "target/" + "y".repeat(200);
        byte[] tar = new TarBuilder(TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.BIGNUMBER_STAR)
                .file(longName, "x", e -> e.setIds(10_000_000, 20_000_000))
                .symlink("gnu/link", longTarget)
                .build();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        TarEntry file = reader.next();
        assertEquals(longName, file.name());
        assertEquals(10_000_000, file.uid());
        assertEquals(20_000_000, file.gid());
        assertEquals(longTarget, reader.next().linkName());
    }

    @Test
    void stopsAtTheEndMarkerWithoutReadingFurther() throws IOException {
        byte[] tar = new TarBuilder().file("only", "1").build();
        byte[] withTrailer = Arrays.copyOf(tar, tar.length + 4096);
        Arrays.fill(withTrailer, tar.length, withTrailer.length, (byte) 'G'); // garbage after the archive
        TarReader reader = new TarReader(new ByteArrayInputStream(withTrailer));
        assertEquals("only", reader.next().name());
        assertNull(reader.next());
    }

    @Test
    void aCleanEndOfStreamAtAHeaderEndsTheArchive() throws IOException {
        byte[] tar = new TarBuilder().file("only", "1").build();
        byte[] noMarker = Arrays.copyOf(tar, 1024); // header and one content block
        TarReader reader = new TarReader(new ByteArrayInputStream(noMarker));
        assertEquals("only", reader.next().name());
        assertNull(reader.next());
    }

    @Test
    void anArchiveThatEndsRightAfterTheLastContentIsComplete() throws IOException {
        // As umoci 0.4.7 writes layers: no padding to 512 bytes, no end-of-archive blocks.
        byte[] tar = new TarBuilder().file("first", "x".repeat(700)).file("last", "12345").build();
        byte[] unpadded = Arrays.copyOf(tar, 512 + 1024 + 512 + 5);
        for (int bufferSize : new int[] {2048, 1 << 20}) {
            TarReader reader = new TarReader(new ByteArrayInputStream(unpadded), bufferSize);
            assertEquals("first", reader.next().name());
            assertEquals("last", reader.next().name());
            assertEquals("12345", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
            assertNull(reader.next());
        }
        // Ending part-way through the padding is the same, read or not.
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 512 + 1024 + 512 + 100)));
        assertEquals("first", reader.next().name());
        assertEquals("last", reader.next().name());
        assertNull(reader.next());
    }

    @Test
    void contentCutShortIsStillRefusedWhenSkipped() {
        byte[] tar = new TarBuilder().file("big", "z".repeat(5000)).build();
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 512 + 4999)));
        HakoException e = assertThrows(HakoException.class, () -> {
            reader.next();
            reader.next();
        });
        assertTrue(e.getMessage().contains("ends in the middle of the content of \"big\""), e.getMessage());
    }

    @Test
    void anExtensionHeaderWithoutItsEntryIsRefused() {
        Map<String, byte[]> records = Map.of("path", "long/name".getBytes(StandardCharsets.US_ASCII));
        byte[] tar = new TarBuilder().withRawPax(records, new TarArchiveEntry("f"), "").build();
        byte[] cut = Arrays.copyOf(tar, 512 + TarBuilder.paxRecords(records).length); // the PAX content, unpadded
        HakoException e = assertThrows(HakoException.class, () -> new TarReader(new ByteArrayInputStream(cut)).next());
        assertTrue(e.getMessage().contains("ends in the middle of a header"), e.getMessage());
    }

    @Test
    void refusesABadChecksum() {
        byte[] tar = new TarBuilder().file("f", "x").build();
        tar[0] = 'g';
        HakoException e = assertThrows(HakoException.class, () -> new TarReader(new ByteArrayInputStream(tar)).next());
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("bad header checksum at offset 0"), e.getMessage());
    }

    @Test
    void refusesNonTarInput() {
        byte[] notTar = "this is not a tar archive at all".repeat(40).getBytes(StandardCharsets.US_ASCII);
        HakoException e = assertThrows(HakoException.class,
                () -> new TarReader(new ByteArrayInputStream(notTar)).next());
        assertTrue(e.getMessage().startsWith("not a valid tar archive"), e.getMessage());
    }

    @Test
    void refusesATruncatedArchive() throws IOException {
        byte[] tar = new TarBuilder().file("big", "z".repeat(5000)).build();
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 2048)));
        assertEquals("big", reader.next().name());
        HakoException e = assertThrows(HakoException.class, () -> reader.content().readAllBytes());
        assertTrue(e.getMessage().contains("ends in the middle of the content of \"big\""), e.getMessage());
    }

    @Test
    void refusesAPartialHeader() {
        byte[] tar = Arrays.copyOf(new TarBuilder().file("f", "").build(), 300);
        HakoException e = assertThrows(HakoException.class, () -> new TarReader(new ByteArrayInputStream(tar)).next());
        assertTrue(e.getMessage().contains("ends in the middle of a header"), e.getMessage());
    }

    @Test
    void refusesSparseFiles() {
        Map<String, byte[]> records = Map.of("GNU.sparse.major", "1".getBytes(StandardCharsets.US_ASCII));
        byte[] tar = new TarBuilder().withRawPax(records, new TarArchiveEntry("disk.img"), "").build();
        HakoException e = assertThrows(HakoException.class, () -> new TarReader(new ByteArrayInputStream(tar)).next());
        assertEquals("tar entry \"disk.img\": sparse files are not supported", e.getMessage());
    }

    @Test
    void refusesMalformedPaxRecords() {
        Map<String, byte[]> records = Map.of("uid", "12x".getBytes(StandardCharsets.US_ASCII));
        byte[] tar = new TarBuilder().withRawPax(records, new TarArchiveEntry("f"), "").build();
        HakoException e = assertThrows(HakoException.class, () -> new TarReader(new ByteArrayInputStream(tar)).next());
        assertTrue(e.getMessage().contains("bad uid value \"12x\""), e.getMessage());
    }

    @Test
    void refusesNamesThatAreNotUtf8() {
        Map<String, byte[]> records = Map.of("path", new byte[] {'c', 'a', 'f', (byte) 0xe9});
        byte[] tar = new TarBuilder().withRawPax(records, new TarArchiveEntry("f"), "").build();
        HakoException e = assertThrows(HakoException.class, () -> new TarReader(new ByteArrayInputStream(tar)).next());
        assertTrue(e.getMessage().startsWith("tar entry \"caf\\xe9\""), e.getMessage());
        assertTrue(e.getMessage().endsWith("name is not valid UTF-8"), e.getMessage());
    }

    @Test
    void neverClosesItsInput() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new TarBuilder().file("f", "x").build()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        TarReader reader = new TarReader(in);
        while (reader.next() != null) {
            // read all
        }
        assertEquals(false, closed[0]);
    }
}
