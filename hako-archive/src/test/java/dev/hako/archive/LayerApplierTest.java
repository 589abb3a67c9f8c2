package dev.hako.archive;

import dev.hako.tar.TarBuilder;
import static dev.hako.archive.LayerTestSupport.accessed;
import static dev.hako.archive.LayerTestSupport.apply;
import static dev.hako.archive.LayerTestSupport.assertOpaque;
import static dev.hako.archive.LayerTestSupport.assertWhiteout;
import static dev.hako.archive.LayerTestSupport.gid;
import static dev.hako.archive.LayerTestSupport.mode;
import static dev.hako.archive.LayerTestSupport.modified;
import static dev.hako.archive.LayerTestSupport.stat;
import static dev.hako.archive.LayerTestSupport.uid;
import static dev.hako.archive.LayerTestSupport.xattr;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.Syscalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking one layer: file types, metadata, whiteouts, replacement, compressed input. */
class LayerApplierTest {
    private static final Instant FILE_TIME = Instant.parse("2021-02-03T04:05:06.1234567Z");
    private static final Instant DIR_TIME = Instant.parse("2020-01-01T00:00:00.5Z");
    private static final Instant LINK_TIME = Instant.parse("2019-07-08T09:10:11Z");
    /** cap_setuid,cap_net_bind_service+ep in VFS_CAP_REVISION_2 form: 0x80 is not valid UTF-8 on its own. */
    private static final byte[] CAPABILITY = {1, 0, 0, 2, (byte) 0x80, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @TempDir
    Path root;

    @BeforeAll
    static void needsRoot() {
        LayerTestSupport.requireRoot();
    }

    @Test
    void keepsOwnersModesAndTimes() throws IOException {
        apply(new TarBuilder()
                .dir("bin", e -> e.setLastModifiedTime(FileTime.from(DIR_TIME)))
                .file("bin/su", "#!setuid", e -> {
                    e.setMode(0104755);
                    e.setIds(1000, 2000);
                    e.setLastModifiedTime(FileTime.from(FILE_TIME));
                })
                .file("bin/wall", "#!setgid", e -> {
                    e.setMode(0102755);
                    e.setIds(0, 5);
                })
                .file("bin/secret", "0600", e -> e.setMode(0100600))
                .dir("tmp", e -> {
                    e.setMode(041777);
                    e.setLastModifiedTime(FileTime.from(DIR_TIME));
                })
                .dir("srv", e -> {
                    e.setMode(042775);
                    e.setIds(1001, 1002);
                })
                .file("srv/inherits", "", e -> e.setIds(0, 0))
                .symlink("bin/sh", "busybox", e -> {
                    e.setIds(1003, 1004);
                    e.setLastModifiedTime(FileTime.from(LINK_TIME));
                })
                .build(), root);

        Path su = root.resolve("bin/su");
        assertEquals(0104755, mode(su));
        assertEquals(1000, uid(su));
        assertEquals(2000, gid(su));
        assertEquals(FILE_TIME, modified(su));
        assertEquals(FILE_TIME, accessed(su), "no atime in the archive: the mtime");
        assertEquals("#!setuid", Files.readString(su));
        assertEquals(0102755, mode(root.resolve("bin/wall")));
        assertEquals(5, gid(root.resolve("bin/wall")));
        assertEquals(0100600, mode(root.resolve("bin/secret")));

        assertEquals(041777, mode(root.resolve("tmp")));
        assertEquals(DIR_TIME, modified(root.resolve("tmp")));
        assertEquals(DIR_TIME, modified(root.resolve("bin")), "directory times are set after their content");
        assertEquals(042775, mode(root.resolve("srv")));
        assertEquals(1001, uid(root.resolve("srv")));
        // The archive says 0:0; the setgid parent must not leak its group into the file.
        assertEquals(0, gid(root.resolve("srv/inherits")));

        Path sh = root.resolve("bin/sh");
        assertEquals("busybox", Files.readSymbolicLink(sh).toString());
        assertEquals(1003, uid(sh));
        assertEquals(1004, gid(sh));
        assertEquals(LINK_TIME, modified(sh));
    }

    @Test
    void keepsAccessTimesFromPax() throws IOException {
        Instant atime = Instant.parse("2022-02-02T02:02:02.2Z");
        apply(new TarBuilder().file("f", "x", e -> e.setLastAccessTime(FileTime.from(atime)))
                .dir("d", e -> e.setLastAccessTime(FileTime.from(atime))).build(), root);
        assertEquals(atime, accessed(root.resolve("f")));
        assertEquals(TarBuilder.TIME, modified(root.resolve("f")));
        assertEquals(atime, accessed(root.resolve("d")));
    }

    @Test
    void keepsXattrsIncludingBinaryOnes() throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("SCHILY.xattr.security.capability", CAPABILITY);
        records.put("SCHILY.xattr.user.binary", new byte[] {0, (byte) 0xff, (byte) 0xc0});
        records.put("LIBARCHIVE.xattr.user.libarchive", Base64.getEncoder().encode(new byte[] {(byte) 0x80, 1}));
        records.put("SCHILY.xattr.trusted.overlay.redirect", "/elsewhere".getBytes(StandardCharsets.UTF_8));
        TarArchiveEntry ping = new TarArchiveEntry("bin/ping");
        ping.setMode(0100755);
        ping.setIds(0, 0);
        ping.setLastModifiedTime(FileTime.from(FILE_TIME));
        apply(new TarBuilder()
                .dir("bin", e -> e.addPaxHeader("SCHILY.xattr.user.dir", "on a directory"))
                .withRawPax(records, ping, "ELF")
                .symlink("bin/ping6", "ping", e -> e.addPaxHeader("SCHILY.xattr.trusted.link", "on a symlink"))
                .build(), root);

        Path file = root.resolve("bin/ping");
        assertArrayEquals(CAPABILITY, xattr(file, "security.capability"),
                "the capability must survive chown, which clears it");
        assertArrayEquals(new byte[] {0, (byte) 0xff, (byte) 0xc0}, xattr(file, "user.binary"));
        assertArrayEquals(new byte[] {(byte) 0x80, 1}, xattr(file, "user.libarchive"));
        assertNull(xattr(file, "trusted.overlay.redirect"), "layers may not plant overlayfs attributes");
        assertEquals(FILE_TIME, modified(file));
        assertArrayEquals("on a directory".getBytes(StandardCharsets.UTF_8), xattr(root.resolve("bin"), "user.dir"));
        assertArrayEquals("on a symlink".getBytes(StandardCharsets.UTF_8),
                xattr(root.resolve("bin/ping6"), "trusted.link"));
    }

    @Test
    void hardLinksShareTheInode() throws IOException {
        apply(new TarBuilder().file("usr/bin/perl5.36", "perl", e -> e.setMode(0100755))
                .hardLink("usr/bin/perl", "./usr/bin/perl5.36").build(), root);
        Map<String, Object> original = stat(root.resolve("usr/bin/perl5.36"));
        Map<String, Object> link = stat(root.resolve("usr/bin/perl"));
        assertEquals(original.get("ino"), link.get("ino"));
        assertEquals(2, link.get("nlink"));
    }

    @Test
    void createsDevicesAndFifos() throws IOException {
        apply(new TarBuilder()
                .device("dev/null", TarConstants.LF_CHR, 1, 3, 020666)
                .device("dev/loop0", TarConstants.LF_BLK, 7, 0, 060660)
                .device("run/initctl", TarConstants.LF_FIFO, 0, 0, 010600)
                .build(), root);
        Map<String, Object> chr = stat(root.resolve("dev/null"));
        assertEquals(Syscalls.S_IFCHR | 0666, chr.get("mode"));
        assertEquals(Syscalls.makedev(1, 3), chr.get("rdev"));
        Map<String, Object> blk = stat(root.resolve("dev/loop0"));
        assertEquals(Syscalls.S_IFBLK | 0660, blk.get("mode"));
        assertEquals(Syscalls.makedev(7, 0), blk.get("rdev"));
        assertEquals(Syscalls.S_IFIFO | 0600, mode(root.resolve("run/initctl")));
        assertEquals(TarBuilder.TIME, modified(root.resolve("dev/null")));
    }

    @Test
    void theRootEntrySetsTheRootsMetadata() throws IOException {
        LayerApplier.ApplyResult result = apply(new TarBuilder().dir("./", e -> {
            e.setMode(040750);
            e.setIds(5, 6);
            e.setLastModifiedTime(FileTime.from(DIR_TIME));
        }).file("f", "x").build(), root);
        assertEquals(040750, mode(root));
        assertEquals(5, uid(root));
        assertEquals(DIR_TIME, modified(root));
        assertEquals(List.of(), result.implicitDirectories());
    }

    @Test
    void withoutARootEntryTheRootIsImplicit() throws IOException {
        LayerApplier.ApplyResult result = apply(new TarBuilder().file("f", "x").build(), root);
        assertEquals(040755, mode(root));
        assertEquals(List.of(""), result.implicitDirectories());
    }

    @Test
    void missingParentsAreCreatedAndReported() throws IOException {
        LayerApplier.ApplyResult result = apply(new TarBuilder().dir("etc").file("etc/ssl/certs/ca.pem", "pem")
                .file("tmp/x", "").build(), root);
        assertEquals(040755, mode(root.resolve("etc/ssl/certs")));
        assertEquals(0, uid(root.resolve("etc/ssl")));
        assertEquals(List.of("", "etc/ssl", "etc/ssl/certs", "tmp"), result.implicitDirectories());
        assertFalse(result.pendingHardLinks().iterator().hasNext());
    }

    @Test
    void countsEntriesAndContentBytes() throws IOException {
        LayerApplier.ApplyResult result = apply(new TarBuilder().dir("a").file("a/one", "12345").file("a/two", "x".repeat(70_000))
                .symlink("a/link", "one").build(), root);
        assertEquals(4, result.entries());
        assertEquals(70_005, result.size());
    }

    @Test
    void laterEntriesReplaceEarlierOnes() throws IOException {
        apply(new TarBuilder()
                .file("f", "first").file("f", "second")
                .dir("d").file("d/child", "x").file("d", "now a file")
                .file("g", "a file").dir("g")
                .symlink("s", "somewhere").file("s", "now a file")
                .file("l", "was a file").symlink("l", "target")
                .dir("keep", e -> e.setMode(040700)).file("keep/child", "stays").dir("keep", e -> e.setMode(040711))
                .build(), root);
        assertEquals("second", Files.readString(root.resolve("f")));
        assertEquals("now a file", Files.readString(root.resolve("d")));
        assertTrue(Files.isDirectory(root.resolve("g"), NOFOLLOW_LINKS));
        assertEquals("now a file", Files.readString(root.resolve("s")));
        assertTrue(Files.isSymbolicLink(root.resolve("l")));
        assertEquals("stays", Files.readString(root.resolve("keep/child")), "a directory over a directory keeps its content");
        assertEquals(040711, mode(root.resolve("keep")));
    }

    @Test
    void whiteoutsBecomeCharacterDevices() throws IOException {
        LayerApplier.ApplyResult result = apply(new TarBuilder()
                .file(".wh.gone", "")
                .file("a/b/.wh.c", "")
                .file("mine", "x").file(".wh.mine", "")
                .dir("tree").file("tree/leaf", "x").file(".wh.tree", "")
                .build(), root);
        assertWhiteout(root.resolve("gone"));
        assertWhiteout(root.resolve("a/b/c"));
        assertWhiteout(root.resolve("mine"));
        assertWhiteout(root.resolve("tree"));
        assertFalse(Files.exists(root.resolve(".wh.gone"), NOFOLLOW_LINKS));
        assertTrue(result.implicitDirectories().contains("a/b"));
    }

    @Test
    void opaqueMarkersBecomeTheOverlayXattr() throws IOException {
        LayerApplier.ApplyResult result = apply(new TarBuilder()
                .dir("etc").file("etc/.wh..wh..opq", "")
                .file("var/cache/.wh..wh..opq", "")
                .file(".wh..wh..opq", "")
                .file("x/.wh..wh.plnk", "").file(".wh..wh.aufs", "")
                .build(), root);
        assertOpaque(root.resolve("etc"));
        assertOpaque(root.resolve("var/cache"));
        assertOpaque(root);
        assertNull(xattr(root.resolve("var"), "trusted.overlay.opaque"));
        assertFalse(Files.exists(root.resolve("etc/.wh..wh..opq"), NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve(".wh..wh.aufs"), NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("x/.wh..wh.plnk"), NOFOLLOW_LINKS));
        assertTrue(result.implicitDirectories().contains("var/cache"));
    }

    @Test
    void aDirectoryOverItsOwnWhiteoutIsOpaque() throws IOException {
        apply(new TarBuilder()
                .file(".wh.etc", "").dir("etc").file("etc/hosts", "x")
                .file(".wh.opt", "").file("opt/app", "y")
                .build(), root);
        assertOpaque(root.resolve("etc"));
        assertOpaque(root.resolve("opt"));
        assertEquals("x", Files.readString(root.resolve("etc/hosts")));
        assertEquals("y", Files.readString(root.resolve("opt/app")));
    }

    @Test
    void unpacksGzipZstdAndUncompressedLayersAlike() throws IOException {
        byte[] tar = new TarBuilder().dir("etc").file("etc/os-release", "ID=hako\n".repeat(1000)).build();
        for (Compression compression : Compression.values()) {
            Path layer = Files.createDirectory(root.resolve(compression.name()));
            byte[] blob = CompressionTest.compress(compression, tar);
            try (InputStream in = Compression.decompress(new ByteArrayInputStream(blob))) {
                apply(in.readAllBytes(), layer);
            }
            assertEquals("ID=hako\n".repeat(1000), Files.readString(layer.resolve("etc/os-release")), compression.name());
        }
    }

    @Test
    void leavesTheStreamOpenForTheCallerToDrain() throws IOException {
        byte[] tar = new TarBuilder().file("f", "x").build();
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(tar) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new LayerApplier().apply(in, root);
        assertFalse(closed[0]);
    }

    @Test
    void refusesARootThatIsNotEmpty() throws IOException {
        Files.writeString(root.resolve("stray"), "x");
        HakoException e = assertThrows(HakoException.class, () -> apply(new TarBuilder().file("f", "x").build(), root));
        assertTrue(e.getMessage().endsWith("is not empty"), e.getMessage());
    }
}
