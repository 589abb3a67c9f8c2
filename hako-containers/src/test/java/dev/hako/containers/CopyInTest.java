package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.Dir;
import dev.hako.sys.RootDir;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads into a container's directory: what lands, what is refused, and that a failed one leaves nothing. */
class CopyInTest {
    private static final Instant TIME = Instant.parse("2021-02-03T04:05:06Z");

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    int uid;
    int gid;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("data/kept"));
        Files.writeString(root.resolve("data/existing"), "old content");
        outside = Files.createDirectories(tmp.resolve("outside"));
        uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        gid = (Integer) Files.getAttribute(tmp, "unix:gid");
    }

    /** A tar; entries are "name/" (directory), "name=content" (file), "name->target" (symlink). */
    private byte[] tar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String spec : entries) {
                TarArchiveEntry e;
                byte[] content = new byte[0];
                if (spec.contains("->")) {
                    e = new TarArchiveEntry(spec.substring(0, spec.indexOf("->")), TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(spec.substring(spec.indexOf("->") + 2));
                } else if (spec.contains("=")) {
                    e = new TarArchiveEntry(spec.substring(0, spec.indexOf('=')), true); // a "/" stays, as hostile archives have it
                    content = spec.substring(spec.indexOf('=') + 1).getBytes(StandardCharsets.UTF_8);
                    e.setSize(content.length);
                    e.setMode(0640);
                } else {
                    e = new TarArchiveEntry(spec);
                    e.setMode(0750);
                }
                e.setUserId(uid);
                e.setGroupId(gid);
                e.setModTime(TIME.toEpochMilli());
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private void extract(String dir, byte[] tar) throws IOException {
        try (RootDir r = RootDir.open(root); Dir destination = r.openDir(dir)) {
            CopyIn.extract(destination, dir, new ByteArrayInputStream(tar));
        }
    }

    private List<String> tree() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void filesDirectoriesAndSymlinksLandWithTheirModesAndTimes() throws Exception {
        extract("/data", tar("new/", "new/file=hello", "new/link->/etc/passwd", "existing=replaced"));
        Path file = root.resolve("data/new/file");
        assertEquals("hello", Files.readString(file));
        assertEquals("rw-r-----", modeOf(file));
        assertEquals(FileTime.from(TIME), Files.getLastModifiedTime(file));
        assertEquals("rwxr-x---", modeOf(root.resolve("data/new")));
        assertEquals(FileTime.from(TIME), Files.getLastModifiedTime(root.resolve("data/new")), "set after its entries");
        assertEquals("/etc/passwd", Files.readSymbolicLink(root.resolve("data/new/link")).toString());
        assertEquals("replaced", Files.readString(root.resolve("data/existing")));
        assertFalse(tree().stream().anyMatch(n -> n.contains(".hako-cp-")), "replaced files are gone: " + tree());
    }

    @Test
    void nothingIsWrittenThroughASymlink() throws Exception {
        Files.createSymbolicLink(root.resolve("data/escape"), outside);
        List<String> before = tree();
        HakoException e = assertThrows(HakoException.class, () -> extract("/data", tar("first=1", "escape/planted=x")));
        assertTrue(e.getMessage().contains("would be written outside /data or through a symbolic link"), e.getMessage());
        HakoException own = assertThrows(HakoException.class,
                () -> extract("/data", tar("own->" + outside, "own/planted=x")));
        assertTrue(own.getMessage().contains("through a symbolic link"), own.getMessage());
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(0, files.count(), "nothing may be written outside the root");
        }
        assertEquals(before, tree(), "and the failed uploads left nothing");
    }

    @Test
    void absoluteAndClimbingNamesAreRefused() throws Exception {
        assertThrows(HakoException.class, () -> extract("/data", tar("/abs=x")));
        assertThrows(HakoException.class, () -> extract("/data", tar("sub/../../x=x")));
        assertFalse(Files.exists(root.resolve("x")));
        assertFalse(Files.exists(root.resolve("data/abs")));
    }

    @Test
    void aDirectoryIsNeverReplaced() throws Exception {
        HakoException e = assertThrows(HakoException.class, () -> extract("/data", tar("kept=file")));
        assertTrue(e.getMessage().contains("cannot overwrite directory /data with file \"kept\""), e.getMessage());
        assertThrows(HakoException.class, () -> extract("/data", tar("kept->elsewhere")));
        assertTrue(Files.isDirectory(root.resolve("data/kept"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aDirectoryThatWasThereKeepsItsOwner() throws Exception {
        int before = (Integer) Files.getAttribute(root.resolve("data/kept"), "unix:uid");
        uid = before + 4242; // another owner in the archive: setting it would change the directory (or fail unprivileged)
        extract("/data", tar("kept/"));
        assertEquals(before, Files.getAttribute(root.resolve("data/kept"), "unix:uid"));
        assertEquals("rwxr-x---", modeOf(root.resolve("data/kept")), "its mode is the archive's");
    }

    @Test
    void aFailedUploadIsRolledBack() throws Exception {
        Files.setLastModifiedTime(root.resolve("data/kept"), FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        String keptMode = modeOf(root.resolve("data/kept"));
        List<String> before = tree();
        byte[] good = tar("made/", "made/deep/", "made/deep/file=new", "existing=replaced", "kept/", "kept/inside=new",
                "link->target");
        byte[] failing = concat(withoutEnd(good), withoutEnd(tar("../escape=x")));
        assertThrows(HakoException.class, () -> extract("/data", failing));
        assertEquals(before, tree(), "what the upload made is gone, nothing set aside is left");
        assertEquals("old content", Files.readString(root.resolve("data/existing")), "what it replaced is back");
        assertEquals(keptMode, modeOf(root.resolve("data/kept")));
        assertEquals(FileTime.from(Instant.parse("2000-01-01T00:00:00Z")), Files.getLastModifiedTime(root.resolve("data/kept")));
    }

    @Test
    void anArchiveCutShortIsRolledBack() throws Exception {
        List<String> before = tree();
        byte[] whole = tar("made/", "made/file=" + "x".repeat(5000), "existing=replaced", "late=" + "y".repeat(5000));
        byte[] cut = Arrays.copyOf(whole, whole.length - 3000);
        assertThrows(HakoException.class, () -> extract("/data", cut));
        assertEquals(before, tree());
        assertEquals("old content", Files.readString(root.resolve("data/existing")));
    }

    private static byte[] withoutEnd(byte[] tar) {
        return Arrays.copyOf(tar, lastContentEnd(tar));
    }

    /** Where the end-of-archive blocks (and any padding after them) begin: after the last non-zero block. */
    private static int lastContentEnd(byte[] tar) {
        int end = tar.length;
        while (end >= 512 && isZero(tar, end - 512)) {
            end -= 512;
        }
        return end;
    }

    private static boolean isZero(byte[] b, int from) {
        for (int i = from; i < from + 512; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length + 1024);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String modeOf(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
