package dev.hako.cli.transfer;

import dev.hako.errdefs.HakoException;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile archives from a container: refused, and nothing written outside the destination. */
class SafeExtractorTest {
    @TempDir
    Path tmp;
    private Path dest;
    private Path outside;

    @BeforeEach
    void dirs() throws IOException {
        dest = Files.createDirectory(tmp.resolve("dest"));
        outside = Files.createDirectory(tmp.resolve("outside"));
    }

    private void extract(byte[] tar, String root) throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        TarEntry first = reader.next();
        SafeExtractor.extract(reader, first, dest, root, false);
    }

    private void assertOutsideUntouched() throws IOException {
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(0, files.count(), "something was written outside the destination");
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(2, files.count(), "something was written beside the destination");
        }
    }

    private void assertRefused(byte[] tar, String expected) throws IOException {
        IOException e = assertThrows(IOException.class, () -> extract(tar, "copy"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertOutsideUntouched();
    }

    @Test
    void aTreeIsExtractedUnderItsNewName() throws IOException {
        extract(new TestTars().dir("app").file("app/a", "A").dir("app/sub").file("app/sub/b", "B")
                .symlink("app/link", "sub/b").hardlink("app/h", "app/a").bytes(), "copy");
        assertEquals("A", Files.readString(dest.resolve("copy/a")));
        assertEquals("B", Files.readString(dest.resolve("copy/sub/b")));
        assertEquals(Path.of("sub/b"), Files.readSymbolicLink(dest.resolve("copy/link")));
        assertEquals("A", Files.readString(dest.resolve("copy/h")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("copy"))));
        assertEquals(1_700_000_000_000L, Files.getLastModifiedTime(dest.resolve("copy/sub")).toMillis());
        assertOutsideUntouched();
    }

    @Test
    void contentsOnlyGoStraightIntoTheDestination() throws IOException {
        extract(new TestTars().dir("app").file("app/a", "A").bytes(), "");
        assertEquals("A", Files.readString(dest.resolve("a")));
    }

    @Test
    void dotDotIsRefused() throws IOException {
        assertRefused(new TestTars().dir("app").file("app/../../outside/pwned", "x").bytes(), "\"..\"");
    }

    @Test
    void absoluteNamesAreRefused() throws IOException {
        assertRefused(new TestTars().file("/" + outside.resolve("pwned"), "x").bytes(), "absolute path");
    }

    @Test
    void entriesOutsideTheCopiedPathAreRefused() throws IOException {
        assertRefused(new TestTars().dir("app").file("other/pwned", "x").bytes(), "outside the copied path");
    }

    @Test
    void writesThroughTheArchivesOwnSymlinkAreRefused() throws IOException {
        assertRefused(new TestTars().dir("app").symlink("app/link", outside.toString()).file("app/link/pwned", "x").bytes(),
                "through the symbolic link");
        assertRefused(new TestTars().dir("app").symlink("app/up", "../..").dir("app/up/x").bytes(), "");
    }

    @Test
    void aDirectoryEntryDoesNotReplaceASymlink() throws IOException {
        assertRefused(new TestTars().dir("app").symlink("app/link", outside.toString()).dir("app/link")
                .file("app/link/pwned", "x").bytes(), "cannot overwrite non-directory");
    }

    @Test
    void writesThroughAnExistingSymlinkAreRefused() throws IOException {
        Files.createDirectory(dest.resolve("copy"));
        Files.createSymbolicLink(dest.resolve("copy/sub"), outside);
        assertRefused(new TestTars().dir("app").file("app/sub/pwned", "x").bytes(), "through the symbolic link");
    }

    @Test
    void aFileReplacesASymlinkItselfNotItsTarget() throws IOException {
        Path secret = Files.writeString(outside.resolve("secret"), "keep");
        Files.createDirectory(dest.resolve("copy"));
        Files.createSymbolicLink(dest.resolve("copy/f"), secret);
        extract(new TestTars().dir("app").file("app/f", "new").bytes(), "copy");
        assertEquals("keep", Files.readString(secret));
        assertEquals("new", Files.readString(dest.resolve("copy/f")));
        assertTrue(Files.isRegularFile(dest.resolve("copy/f"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void hardLinksMustStayInsideTheTree() throws IOException {
        Files.writeString(outside.resolve("secret"), "keep");
        IOException e = assertThrows(IOException.class, () ->
                extract(new TestTars().dir("app").hardlink("app/h", "app/../../outside/secret").bytes(), "copy"));
        assertTrue(e.getMessage().contains(".."), e.getMessage());
        e = assertThrows(IOException.class, () ->
                extract(new TestTars().dir("app").hardlink("app/h", "etc/shadow").bytes(), "copy"));
        assertTrue(e.getMessage().contains("outside the copied path"), e.getMessage());
        e = assertThrows(IOException.class, () -> extract(new TestTars().dir("app").symlink("app/l", outside.toString())
                .hardlink("app/h", "app/l/secret").bytes(), "copy"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.notExists(dest.resolve("copy/h")));
    }

    @Test
    void aDirectoryIsNotReplacedByAFile() throws IOException {
        Files.createDirectories(dest.resolve("copy/sub"));
        IOException e = assertThrows(IOException.class, () ->
                extract(new TestTars().dir("app").file("app/sub", "x").bytes(), "copy"));
        assertTrue(e.getMessage().contains("cannot overwrite directory"), e.getMessage());
    }

    @Test
    void readOnlyDirectoriesAreStillFilled() throws IOException {
        byte[] tar = new TestTars().add(TarEntry.directory("app").withMode(0555), null)
                .file("app/a", "A").bytes();
        extract(tar, "copy");
        assertEquals("A", Files.readString(dest.resolve("copy/a")));
        assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("copy"))));
        dest.resolve("copy").toFile().setWritable(true); // let @TempDir clean up
    }

    @Test
    void corruptHeadersAreRefused() {
        byte[] tar = new TestTars().file("a", "A").bytes();
        tar[10] ^= 1; // the name changes, the checksum no longer matches
        // The reader's refusal: an invalid argument, as the daemon's reader says it.
        HakoException e = assertThrows(HakoException.class, () -> extract(tar, "copy"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
}
