package dev.hako.archive;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.sys.Syscalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Helpers for the tests that unpack layers for real. */
final class LayerTestSupport {
    private LayerTestSupport() {}

    /** Unpacking calls chown, mknod and sets trusted.* xattrs: these tests fail, loudly, without root. */
    static void requireRoot() {
        assertEquals(0, ProcessIdentity.CURRENT.fsuid(),
                "this test unpacks layers for real (chown, mknod, trusted.* xattrs) and needs root;"
                        + " run the hako-archive tests as root, as CI does");
    }

    static LayerApplier.ApplyResult apply(byte[] tar, Path root) throws IOException {
        return new LayerApplier().apply(new ByteArrayInputStream(tar), root);
    }

    static Map<String, Object> stat(Path path) throws IOException {
        return Files.readAttributes(path, "unix:mode,uid,gid,rdev,ino,nlink,size,lastModifiedTime,lastAccessTime",
                NOFOLLOW_LINKS);
    }

    static int mode(Path path) throws IOException {
        return (Integer) stat(path).get("mode");
    }

    static int uid(Path path) throws IOException {
        return (Integer) stat(path).get("uid");
    }

    static int gid(Path path) throws IOException {
        return (Integer) stat(path).get("gid");
    }

    static Instant modified(Path path) throws IOException {
        return ((FileTime) stat(path).get("lastModifiedTime")).toInstant();
    }

    static Instant accessed(Path path) throws IOException {
        return ((FileTime) stat(path).get("lastAccessTime")).toInstant();
    }

    static byte[] xattr(Path path, String name) throws IOException {
        return Syscalls.lgetxattr(path, name).orElse(null);
    }

    static void assertWhiteout(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,rdev", NOFOLLOW_LINKS);
        assertEquals(Syscalls.S_IFCHR, (Integer) attributes.get("mode") & 0170000, path + " is not a character device");
        assertEquals(0L, attributes.get("rdev"), path + " is not device 0:0");
    }

    static void assertOpaque(Path dir) throws IOException {
        assertEquals("y", xattr(dir, "trusted.overlay.opaque") == null ? null
                : new String(xattr(dir, "trusted.overlay.opaque")), dir + " is not opaque");
    }

    /**
     * Everything under {@code top} except the subtree {@code excluded}: type, mode, owner, size,
     * times, link target and content, to show that nothing outside a layer root changed.
     */
    static Map<String, String> snapshot(Path top, Path excluded) {
        Map<String, String> files = new TreeMap<>();
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (dir.equals(excluded)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    record(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    record(file);
                    return FileVisitResult.CONTINUE;
                }

                private void record(Path path) throws IOException {
                    Map<String, Object> s = stat(path);
                    String description = "mode=%o uid=%s gid=%s nlink=%s mtime=%s".formatted(s.get("mode"), s.get("uid"),
                            s.get("gid"), s.get("nlink"), s.get("lastModifiedTime"));
                    if (Files.isSymbolicLink(path)) {
                        description += " -> " + Files.readSymbolicLink(path);
                    } else if (Files.isRegularFile(path, NOFOLLOW_LINKS)) {
                        description += " content=" + Arrays.hashCode(Files.readAllBytes(path));
                    }
                    description += " xattrs=" + Syscalls.llistxattr(path);
                    files.put(top.relativize(path).toString(), description);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
