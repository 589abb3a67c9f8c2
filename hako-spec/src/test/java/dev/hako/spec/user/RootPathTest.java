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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        rp = RootPath.of(root);
    }

    @Test
    void plainPaths() throws Exception {
        assertEquals(root, rp.resolve("/"));
        assertEquals(root, rp.resolve(""));
        assertEquals(root.resolve("etc/passwd"), rp.resolve("/etc/passwd"));
        assertEquals(root.resolve("etc/passwd"), rp.resolve("etc//./passwd"));
        assertEquals(root.resolve("a/b/c"), rp.resolve("/a/b/c"), "missing components are kept");
    }

    @Test
    void dotDotStopsAtTheRoot() throws Exception {
        assertEquals(root.resolve("etc/passwd"), rp.resolve("/../../../etc/passwd"));
        assertEquals(root.resolve("etc"), rp.resolve("/usr/lib/../../../../etc"));
    }

    @Test
    void absoluteSymlinksStartAgainAtTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));
        assertEquals(root.resolve("usr/lib/x.so"), rp.resolve("/lib/x.so"));
        Files.createSymbolicLink(root.resolve("etc/host-shadow"), Path.of("/etc/shadow"));
        assertEquals(root.resolve("etc/shadow"), rp.resolve("/etc/host-shadow"));
    }

    @Test
    void relativeSymlinksCannotClimbOut() throws Exception {
        Files.createSymbolicLink(root.resolve("etc/escape"), Path.of("../../../../../../tmp"));
        assertEquals(root.resolve("tmp/x"), rp.resolve("/etc/escape/x"));
        Files.createSymbolicLink(root.resolve("usr/lib/up"), Path.of(".."));
        assertEquals(root.resolve("usr/x"), rp.resolve("/usr/lib/up/x"));
    }

    @Test
    void aSymlinkToTheHostsOwnPathNamesTheContainersCopy() throws Exception {
        Path outside = Files.writeString(tmp.resolve("host-secret"), "secret");
        Files.createSymbolicLink(root.resolve("etc/link"), outside);
        assertEquals(root.resolve(tmp.toString().substring(1)).resolve("host-secret"), rp.resolve("/etc/link"));
        assertTrue(rp.readSmallFile("/etc/link", 100).isEmpty(), "the host's file must never be read");
    }

    @Test
    void symlinkLoopsAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
        HakoException e = assertThrows(HakoException.class, () -> rp.resolve("/loop/x"));
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
        Path made = rp.mkdirs("/srv/app/data", uid, gid);
        assertEquals(root.resolve("srv/app/data"), made);
        assertTrue(Files.isDirectory(made));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("srv"))));
        assertEquals(uid, Files.getAttribute(made, "unix:uid"));
        assertEquals(gid, Files.getAttribute(made, "unix:gid"));
        assertEquals(made, rp.mkdirs("/srv/app/data", uid, gid), "existing directories are fine");
    }

    @Test
    void mkdirsFollowsSymlinksInsideTheRootOnly() throws Exception {
        int uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        int gid = (Integer) Files.getAttribute(tmp, "unix:gid");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("work"), outside);
        Path made = rp.mkdirs("/work/sub", uid, gid);
        assertTrue(made.startsWith(root), made.toString());
        assertFalse(Files.exists(outside.resolve("sub")), "nothing may be created outside the root");
        assertTrue(Files.isSymbolicLink(root.resolve("work")));
        assertTrue(Files.isDirectory(made, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void mkdirsRefusesAFileInTheWay() throws Exception {
        Files.writeString(root.resolve("etc/passwd"), "");
        HakoException e = assertThrows(HakoException.class, () -> rp.mkdirs("/etc/passwd/x", 0, 0));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("/etc/passwd exists in the image and is not a directory"), e.getMessage());
    }

    @Test
    void nulBytesAreRefused() {
        assertThrows(HakoException.class, () -> rp.resolve("/etc/\0passwd"));
    }
}
