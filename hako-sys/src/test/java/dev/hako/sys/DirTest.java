package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries of a held directory by name: nothing is followed, nothing resolved. */
class DirTest {
    @TempDir
    Path tmp;
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(tmp.resolve("root/d"));
        Files.createSymbolicLink(tmp.resolve("root/link"), outside);
    }

    private Dir root() throws Exception {
        try (RootDir r = RootDir.open(tmp.resolve("root"))) {
            return r.openDir("/");
        }
    }

    @Test
    void filesAreCreatedExclusivelyAndNeverThroughASymlink() throws Exception {
        try (Dir d = root()) {
            try (Fd f = d.createFile("new", 0600)) {
                f.outputStream().write("content".getBytes(StandardCharsets.UTF_8));
                f.chmod(04751);
                f.setModified(Instant.parse("2020-01-02T03:04:05.123456789Z"));
            }
            Path made = tmp.resolve("root/new");
            assertEquals("content", Files.readString(made));
            assertEquals(04751, (Integer) Files.getAttribute(made, "unix:mode") & 07777, "all twelve bits");
            assertEquals(FileTime.from(Instant.parse("2020-01-02T03:04:05.123456789Z")), Files.getLastModifiedTime(made));
            assertEquals(Errno.EEXIST, assertThrows(SysException.class, () -> d.createFile("new", 0600)).errno());
            assertEquals(Errno.EEXIST, assertThrows(SysException.class, () -> d.createFile("link", 0600)).errno(),
                    "a symlink is in the way, not followed");
        }
        try (var files = Files.list(outside)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void subdirectoriesAreOpenedWithoutFollowingSymlinks() throws Exception {
        try (Dir d = root()) {
            SysException e = assertThrows(SysException.class, () -> d.openDir("link"));
            assertTrue(List.of(Errno.ELOOP, Errno.ENOTDIR).contains(e.errno()), e.getMessage());
            try (Dir sub = d.openDir("d")) {
                sub.mkdir("made", 0755);
            }
            assertTrue(Files.isDirectory(tmp.resolve("root/d/made"), LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void namesAreOneComponent() throws Exception {
        try (Dir d = root()) {
            for (String bad : List.of("", ".", "..", "d/x", "../outside", "a\0b")) {
                assertThrows(IllegalArgumentException.class, () -> d.stat(bad), bad);
            }
        }
    }

    @Test
    void statListRenameRemoveAndSymlinks() throws Exception {
        try (Dir d = root()) {
            assertEquals(Stat.Type.SYMLINK, d.stat("link").orElseThrow().type());
            assertEquals(Optional.empty(), d.stat("missing"));
            d.symlink("rel", "d");
            try (Fd link = d.open("rel")) {
                assertEquals("d", link.readlink());
                int uid = (Integer) Files.getAttribute(tmp, "unix:uid");
                int gid = (Integer) Files.getAttribute(tmp, "unix:gid");
                link.chown(uid, gid); // the link's own owner, through AT_EMPTY_PATH on the O_PATH descriptor
            }
            assertEquals(List.of("d", "link", "rel"), d.list().stream().sorted().toList());
            assertEquals(List.of("d", "link", "rel"), d.list().stream().sorted().toList(), "listed again from the start");
            assertEquals(Errno.EEXIST, assertThrows(SysException.class, () -> d.rename("rel", "link")).errno(),
                    "nothing is replaced");
            d.rename("rel", "renamed");
            assertTrue(Files.isSymbolicLink(tmp.resolve("root/renamed")));
            d.remove("renamed");
            d.remove("link");
            assertTrue(Files.isDirectory(outside), "removing a symlink leaves its target");
            d.removeDir("d");
            assertEquals(List.of(), d.list());
            assertTrue(d.fd().stat().isDirectory());
        }
    }
}
