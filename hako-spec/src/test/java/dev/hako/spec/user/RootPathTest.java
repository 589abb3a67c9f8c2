package dev.hako.spec.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the spec reads and makes in a hostile image's root (resolution itself: hako-sys's RootDirTest). */
class RootPathTest {
    @TempDir
    Path tmp;
    Path root;
    RootPath rp;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        rp = RootPath.open(root);
    }

    @AfterEach
    void tearDown() throws Exception {
        rp.close();
    }

    @Test
    void aSymlinkToTheHostsOwnPathNamesTheContainersCopy() throws Exception {
        Path outside = Files.writeString(tmp.resolve("host-secret"), "secret");
        Files.createSymbolicLink(root.resolve("etc/link"), outside);
        Files.createSymbolicLink(root.resolve("etc/climb"), Path.of("../../../host-secret"));
        assertTrue(rp.readSmallFile("/etc/link", 100).isEmpty(), "the host's file must never be read");
        assertTrue(rp.readSmallFile("/etc/climb", 100).isEmpty(), "nor climbed to");
        Files.writeString(root.resolve("host-secret"), "the image's own");
        assertArrayEquals("the image's own".getBytes(), rp.readSmallFile("/etc/climb", 100).orElseThrow());
    }

    @Test
    void symlinkLoopsAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
        HakoException e = assertThrows(HakoException.class, () -> rp.readSmallFile("/loop/x", 100));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
    }

    @Test
    void readsSmallRegularFilesOnly() throws Exception {
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        assertArrayEquals("root:x:0:0::/root:/bin/sh\n".getBytes(), rp.readSmallFile("/etc/passwd", 100).orElseThrow());
        assertTrue(rp.readSmallFile("/etc/missing", 100).isEmpty());
        assertTrue(rp.readSmallFile("/etc/passwd/below-a-file", 100).isEmpty());
        HakoException big = assertThrows(HakoException.class, () -> rp.readSmallFile("/etc/passwd", 10));
        assertTrue(big.getMessage().contains("/etc/passwd in the image is larger than 10 bytes"), big.getMessage());
        HakoException dir = assertThrows(HakoException.class, () -> rp.readSmallFile("/etc", 100));
        assertTrue(dir.getMessage().contains("/etc in the image is not a regular file"), dir.getMessage());
    }

    @Test
    void mkdirsCreatesInsideTheRootOwnedByTheUser() throws Exception {
        int uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        int gid = (Integer) Files.getAttribute(tmp, "unix:gid");
        rp.mkdirs("/srv/app/data", uid, gid);
        Path made = root.resolve("srv/app/data");
        assertTrue(Files.isDirectory(made));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("srv"))));
        assertEquals(uid, Files.getAttribute(made, "unix:uid"));
        assertEquals(gid, Files.getAttribute(made, "unix:gid"));
        rp.mkdirs("/srv/app/data", uid, gid); // existing directories are fine
    }

    @Test
    void mkdirsFollowsSymlinksInsideTheRootOnly() throws Exception {
        int uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        int gid = (Integer) Files.getAttribute(tmp, "unix:gid");
        Files.createSymbolicLink(root.resolve("work"), Path.of("/usr/lib"));
        rp.mkdirs("/work/sub", uid, gid);
        assertTrue(Files.isSymbolicLink(root.resolve("work")));
        assertTrue(Files.isDirectory(root.resolve("usr/lib/sub"), LinkOption.NOFOLLOW_LINKS));

        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("host"), outside);
        HakoException e = assertThrows(HakoException.class, () -> rp.mkdirs("/host/sub", uid, gid));
        assertTrue(e.getMessage().contains("/host in the image is a symbolic link that leads nowhere"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("sub")), "nothing may be created outside the root");
    }

    @Test
    void mkdirsRefusesAFileInTheWay() throws Exception {
        Files.writeString(root.resolve("etc/passwd"), "");
        HakoException e = assertThrows(HakoException.class, () -> rp.mkdirs("/etc/passwd/x", 0, 0));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("/etc/passwd exists in the image and is not a directory"), e.getMessage());
    }

    /** A running container (exec) swaps a directory with a symlink out of its root while hako reads and creates there. */
    @Test
    void aSwappedDirectoryNeverLeadsOutOfTheRoot() throws Exception {
        int uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        int gid = (Integer) Files.getAttribute(tmp, "unix:gid");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("passwd"), "host");
        Files.createDirectories(root.resolve("w/d"));
        Files.writeString(root.resolve("w/d/passwd"), "root");
        Files.createSymbolicLink(root.resolve("w/link"), outside);
        int read = 0;
        try (Swapper swapper = new Swapper(root.resolve("w/d"), root.resolve("w/link"))) {
            for (int i = 0; i < 2000; i++) {
                var bytes = rp.readSmallFile("/w/d/passwd", 100);
                if (bytes.isPresent()) {
                    assertEquals("root", new String(bytes.get()), "try " + i + " read the host's file");
                    read++;
                }
                try {
                    rp.mkdirs("/w/d/made-" + i, uid, gid);
                } catch (HakoException e) {
                    // the link's target is not in the root: refused, as it should be
                }
            }
            assertTrue(swapper.swaps() > 100, "the swapper hardly ran");
        }
        assertTrue(read > 0, "nothing was read: the test proves nothing");
        try (var files = Files.list(outside)) {
            assertEquals(java.util.List.of(outside.resolve("passwd")), files.toList(), "a directory was made outside the root");
        }
    }

    @Test
    void nulBytesAreRefused() {
        assertThrows(HakoException.class, () -> rp.readSmallFile("/etc/\0passwd", 100));
    }
}
