package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths in a hostile root, resolved both ways: openat2 (RESOLVE_IN_ROOT) and the O_PATH walk that
 * replaces it on older kernels ({@code walkOnly}). Each file says where it is, so a test can tell
 * which one a path reached by reading it.
 */
class RootDirTest {
    @TempDir
    Path tmp;
    Path root;
    Path hostSecret;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("etc/passwd"), "container passwd");
        Files.writeString(root.resolve("usr/lib/x.so"), "container x.so");
        hostSecret = Files.writeString(tmp.resolve("host-secret"), "host secret");
    }

    private RootDir open(boolean walkOnly) throws IOException {
        return RootDir.open(root, walkOnly);
    }

    private static String read(RootDir r, String path) throws IOException {
        try (Fd fd = r.open(path, true); Fd file = fd.reopenForReading()) {
            return new String(file.inputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int errno(RootDir r, String path) {
        return assertThrows(SysException.class, () -> r.open(path, true).close()).errno();
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void plainPathsAndTheRootItself(boolean walkOnly) throws IOException {
        try (RootDir r = open(walkOnly)) {
            assertEquals("container passwd", read(r, "/etc/passwd"));
            assertEquals("container passwd", read(r, "etc//./passwd"));
            for (String top : List.of("", "/", ".", "..")) {
                try (Fd fd = r.open(top, true)) {
                    assertTrue(fd.stat().sameFile(statOf(root)), "\"" + top + "\" is the root");
                }
            }
            assertEquals(Errno.ENOENT, errno(r, "/no/such/file"));
            assertEquals(Errno.ENOTDIR, errno(r, "/etc/passwd/below-a-file"));
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void dotDotStopsAtTheRoot(boolean walkOnly) throws IOException {
        try (RootDir r = open(walkOnly)) {
            assertEquals("container passwd", read(r, "/../../../etc/passwd"));
            assertEquals("container passwd", read(r, "usr/lib/../../../../etc/passwd"));
            assertEquals(Errno.ENOENT, errno(r, "../host-secret"), "the root's parent is out of reach");
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void absoluteSymlinksStartAgainAtTheRoot(boolean walkOnly) throws IOException {
        Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("etc/to-root"), Path.of("/"));
        try (RootDir r = open(walkOnly)) {
            assertEquals("container x.so", read(r, "/lib/x.so"));
            assertEquals("container passwd", read(r, "/etc/to-root/etc/to-root/etc/passwd"));
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void relativeSymlinksCannotClimbOut(boolean walkOnly) throws IOException {
        Files.createSymbolicLink(root.resolve("etc/escape"), Path.of("../../../../../.."));
        Files.createSymbolicLink(root.resolve("usr/lib/up"), Path.of(".."));
        try (RootDir r = open(walkOnly)) {
            assertEquals("container passwd", read(r, "/etc/escape/etc/passwd"));
            assertEquals(Errno.ENOENT, errno(r, "/etc/escape/host-secret"));
            assertEquals("container x.so", read(r, "/usr/lib/up/lib/x.so"));
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void aSymlinkToAHostPathNamesThatPathInTheRoot(boolean walkOnly) throws IOException {
        Files.createSymbolicLink(root.resolve("etc/shadow"), hostSecret);
        Files.createSymbolicLink(root.resolve("etc/hostdir"), tmp);
        try (RootDir r = open(walkOnly)) {
            assertEquals(Errno.ENOENT, errno(r, "/etc/shadow"), "the host's file must never be reached");
            assertEquals(Errno.ENOENT, errno(r, "/etc/hostdir/host-secret"));
            Files.createDirectories(root.resolve(tmp.toString().substring(1)));
            Files.writeString(root.resolve(hostSecret.toString().substring(1)), "the container's copy");
            assertEquals("the container's copy", read(r, "/etc/shadow"));
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void theLastSymlinkIsFollowedOnlyWhenAsked(boolean walkOnly) throws IOException {
        Files.createSymbolicLink(root.resolve("etc/link"), Path.of("passwd"));
        try (RootDir r = open(walkOnly); Fd link = r.open("/etc/link", false)) {
            assertEquals(Stat.Type.SYMLINK, link.stat().type());
            assertEquals("passwd", link.readlink());
            assertThrows(SysException.class, link::reopenForReading, "a symlink is not read as a file");
            assertEquals("container passwd", read(r, "/etc/link"));
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void symlinkLoopsAreELOOP(boolean walkOnly) throws IOException {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
        Files.createSymbolicLink(root.resolve("ping"), Path.of("pong"));
        Files.createSymbolicLink(root.resolve("pong"), Path.of("./ping"));
        try (RootDir r = open(walkOnly)) {
            assertEquals(Errno.ELOOP, errno(r, "/loop/x"));
            assertEquals(Errno.ELOOP, errno(r, "/ping"));
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void findIsEmptyForWhatIsNotThere(boolean walkOnly) throws IOException {
        try (RootDir r = open(walkOnly)) {
            assertEquals(Optional.empty(), r.find("/etc/missing", true));
            assertEquals(Optional.empty(), r.find("/etc/passwd/x", true));
            r.find("/etc", true).orElseThrow().close();
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void mkdirsCreatesInsideTheRootOnly(boolean walkOnly) throws IOException {
        int uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        int gid = (Integer) Files.getAttribute(tmp, "unix:gid");
        Files.createSymbolicLink(root.resolve("srv"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("dangling"), tmp.resolve("outside"));
        try (RootDir r = open(walkOnly)) {
            r.mkdirs("/srv/app/data", 0750, uid, gid).close();
            Path made = root.resolve("usr/lib/app/data");
            assertTrue(Files.isDirectory(made, LinkOption.NOFOLLOW_LINKS));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)), "no umask");
            assertEquals(uid, Files.getAttribute(made, "unix:uid"));
            assertEquals(gid, Files.getAttribute(made, "unix:gid"));
            try (Dir again = r.mkdirs("/usr/lib/app/data", 0700, uid, gid)) {
                assertTrue(again.fd().stat().sameFile(statOf(made)), "existing directories are fine");
            }
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)), "and kept");

            SysException dangling = assertThrows(SysException.class, () -> r.mkdirs("/dangling/sub", 0755, uid, gid));
            assertTrue(List.of(Errno.ELOOP, Errno.ENOTDIR).contains(dangling.errno()), dangling.getMessage());
            assertFalse(Files.exists(tmp.resolve("outside")), "nothing may be created outside the root");
            assertEquals(Errno.ENOTDIR, assertThrows(SysException.class, () -> r.mkdirs("/etc/passwd/x", 0755, uid, gid)).errno());
            assertThrows(SysException.class, () -> r.mkdirs("/new/../../x", 0755, uid, gid));
            assertFalse(Files.exists(root.resolve("new")), "nothing made before the refusal");
        }
    }

    @ParameterizedTest(name = "walkOnly={0}")
    @ValueSource(booleans = {false, true})
    void nulBytesAreRefused(boolean walkOnly) throws IOException {
        try (RootDir r = open(walkOnly)) {
            assertEquals(Errno.EINVAL, errno(r, "/etc/\0passwd"));
        }
    }

    static Stat statOf(Path p) throws IOException {
        try (RootDir r = RootDir.open(p)) {
            try (Fd fd = r.open("/", true)) {
                return fd.stat();
            }
        }
    }
}
