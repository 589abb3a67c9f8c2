package dev.hako.archive;

import dev.hako.tar.TarBuilder;
import static dev.hako.archive.LayerTestSupport.apply;
import static dev.hako.archive.LayerTestSupport.assertOpaque;
import static dev.hako.archive.LayerTestSupport.mode;
import static dev.hako.archive.LayerTestSupport.modified;
import static dev.hako.archive.LayerTestSupport.snapshot;
import static dev.hako.archive.LayerTestSupport.stat;
import static dev.hako.archive.LayerTestSupport.uid;
import static dev.hako.archive.LayerTestSupport.xattr;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second phase: what a layer takes from the layers below once they are complete. */
class LayerFinishTest {
    private static final Instant DIR_TIME = Instant.parse("2020-01-01T00:00:00.5Z");
    private static final Instant FILE_TIME = Instant.parse("2021-02-03T04:05:06Z");

    @TempDir
    Path temp;
    Path bottom;
    Path middle;
    Path upper;

    @BeforeAll
    static void needsRoot() {
        LayerTestSupport.requireRoot();
    }

    @BeforeEach
    void layers() throws IOException {
        bottom = Files.createDirectory(temp.resolve("bottom"));
        middle = Files.createDirectory(temp.resolve("middle"));
        upper = Files.createDirectory(temp.resolve("upper"));
    }

    private long finish(LayerApplier.ApplyResult result, Path... lowers) throws IOException {
        return new LayerApplier().finish(result, upper, List.of(lowers));
    }

    @Test
    void implicitDirectoriesTakeTheMetadataOfTheTopmostLowerDirectory() throws IOException {
        apply(new TarBuilder()
                .dir("tmp", e -> e.setMode(040700))
                .dir("usr", e -> {
                    e.setMode(040751);
                    e.setLastModifiedTime(FileTime.from(DIR_TIME));
                })
                .build(), bottom);
        apply(new TarBuilder()
                .dir("./", e -> {
                    e.setMode(040750);
                    e.setIds(3, 4);
                })
                .dir("tmp", e -> {
                    e.setMode(041777);
                    e.setLastModifiedTime(FileTime.from(DIR_TIME));
                    e.addPaxHeader("SCHILY.xattr.user.note", "from the middle");
                })
                .file("tmp/.wh..wh..opq", "")
                .build(), middle);
        LayerApplier.ApplyResult result = apply(new TarBuilder().file("tmp/x", "x").file("usr/local/bin/tool", "t").build(), upper);
        assertEquals(List.of("", "tmp", "usr", "usr/local", "usr/local/bin"), result.implicitDirectories());
        assertEquals(040755, mode(upper.resolve("tmp")), "before finish");

        assertEquals(0, finish(result, middle, bottom));

        Path tmp = upper.resolve("tmp");
        assertEquals(041777, mode(tmp));
        assertEquals(DIR_TIME, modified(tmp));
        assertArrayEquals("from the middle".getBytes(StandardCharsets.UTF_8), xattr(tmp, "user.note"));
        assertNull(xattr(tmp, "trusted.overlay.opaque"), "the lower directory's opacity is its own");
        assertEquals(040751, mode(upper.resolve("usr")), "from the bottom layer, the only one with usr");
        assertEquals(DIR_TIME, modified(upper.resolve("usr")));
        assertEquals(040755, mode(upper.resolve("usr/local")), "no layer below has it");
        assertEquals(040750, mode(upper), "the root is implicit too");
        assertEquals(3, uid(upper));
    }

    @Test
    void implicitDirectoriesIgnoreLowerOnesThatAreDeletedOrShadowed() throws IOException {
        apply(new TarBuilder().dir("opt", e -> e.setMode(040700)).dir("data", e -> e.setMode(040700)).build(), bottom);
        apply(new TarBuilder().file(".wh.opt", "").file("data", "a file hides the directory below").build(), middle);
        LayerApplier.ApplyResult result = apply(new TarBuilder().file("opt/x", "").file("data/x", "").build(), upper);
        finish(result, middle, bottom);
        assertEquals(040755, mode(upper.resolve("opt")));
        assertEquals(040755, mode(upper.resolve("data")));
    }

    @Test
    void aHardLinkToALowerFileGetsACopyThatBothNamesShare() throws IOException {
        apply(new TarBuilder()
                .dir("usr", e -> e.setLastModifiedTime(FileTime.from(DIR_TIME)))
                .dir("usr/bin", e -> {
                    e.setMode(040711);
                    e.setLastModifiedTime(FileTime.from(DIR_TIME));
                })
                .file("usr/bin/bash", "bash-binary", e -> {
                    e.setMode(0104755);
                    e.setIds(0, 7);
                    e.setLastModifiedTime(FileTime.from(FILE_TIME));
                    e.addPaxHeader("SCHILY.xattr.user.origin", "bottom");
                })
                .build(), bottom);
        LayerApplier.ApplyResult result = apply(new TarBuilder()
                .dir("bin", e -> e.setLastModifiedTime(FileTime.from(DIR_TIME)))
                .hardLink("bin/sh", "usr/bin/bash")
                .hardLink("bin/bash", "./usr/bin/bash")
                .build(), upper);
        assertEquals(List.of(new LayerApplier.ApplyResult.PendingHardLink("bin/bash", "usr/bin/bash"),
                new LayerApplier.ApplyResult.PendingHardLink("bin/sh", "usr/bin/bash")), result.pendingHardLinks());
        assertFalse(Files.exists(upper.resolve("bin/sh"), NOFOLLOW_LINKS));

        assertEquals("bash-binary".length(), finish(result, middle, bottom));

        Path copy = upper.resolve("usr/bin/bash");
        assertEquals("bash-binary", Files.readString(copy));
        assertEquals(0104755, mode(copy));
        assertEquals(7, stat(copy).get("gid"));
        assertEquals(FILE_TIME, modified(copy));
        assertArrayEquals("bottom".getBytes(StandardCharsets.UTF_8), xattr(copy, "user.origin"));
        assertEquals(stat(copy).get("ino"), stat(upper.resolve("bin/sh")).get("ino"));
        assertEquals(stat(copy).get("ino"), stat(upper.resolve("bin/bash")).get("ino"));
        assertEquals(3, stat(copy).get("nlink"));
        assertEquals(040711, mode(upper.resolve("usr/bin")), "directories created for the copy take the lower metadata");
        assertEquals(DIR_TIME, modified(upper.resolve("usr/bin")));
        assertEquals(DIR_TIME, modified(upper.resolve("bin")), "finish puts back the times of directories it writes into");
        assertEquals("bash-binary", Files.readString(bottom.resolve("usr/bin/bash")), "the lower layer is untouched");
    }

    @Test
    void aHardLinkToALowerSymlinkCopiesTheSymlink() throws IOException {
        apply(new TarBuilder().symlink("lib64", "lib", e -> e.setIds(1, 2)).build(), bottom);
        LayerApplier.ApplyResult result = apply(new TarBuilder().hardLink("lib64-again", "lib64").build(), upper);
        finish(result, bottom);
        assertEquals("lib", Files.readSymbolicLink(upper.resolve("lib64-again")).toString());
        assertEquals(stat(upper.resolve("lib64")).get("ino"), stat(upper.resolve("lib64-again")).get("ino"));
        assertEquals(1, uid(upper.resolve("lib64")));
    }

    @Test
    void whenThisLayerReplacedTheTargetTheLinkGetsItsOwnCopy() throws IOException {
        apply(new TarBuilder().file("etc/conf", "original").build(), bottom);
        LayerApplier.ApplyResult result = apply(new TarBuilder().hardLink("old-conf", "etc/conf").file("etc/conf", "new").build(),
                upper);
        finish(result, bottom);
        assertEquals("original", Files.readString(upper.resolve("old-conf")));
        assertEquals("new", Files.readString(upper.resolve("etc/conf")));
        assertNotEquals(stat(upper.resolve("etc/conf")).get("ino"), stat(upper.resolve("old-conf")).get("ino"));
    }

    @Test
    void aHardLinkToNothingIsRefused() throws IOException {
        apply(new TarBuilder().file("something", "else").build(), bottom);
        LayerApplier.ApplyResult result = apply(new TarBuilder().hardLink("x", "nowhere").build(), upper);
        assertRefused(result, List.of(bottom), "layer entry \"x\": hard link target \"nowhere\" is in neither this"
                + " layer nor the layers below");
        assertRefused(result, List.of(), "layer entry \"x\": hard link target \"nowhere\"");
    }

    @Test
    void aHardLinkIntoADirectoryThisLayerMadeOpaqueIsRefused() throws IOException {
        apply(new TarBuilder().file("cache/blob", "old").build(), bottom);
        LayerApplier.ApplyResult result = apply(new TarBuilder().dir("cache").file("cache/.wh..wh..opq", "")
                .hardLink("keep", "cache/blob").build(), upper);
        assertOpaque(upper.resolve("cache"));
        assertRefused(result, List.of(bottom), "layer entry \"keep\": hard link target \"cache/blob\" is in neither");
    }

    @Test
    void lowerLayersAreSearchedWithoutFollowingSymlinks() throws IOException {
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host secret");
        apply(new TarBuilder().symlink("lib", outside.toString()).symlink("up", "../outside").build(), bottom);
        LayerApplier.ApplyResult result = apply(new TarBuilder().hardLink("stolen", "lib/secret").hardLink("also", "up/secret")
                .file("lib/x", "").build(), upper);
        Map<String, String> before = snapshot(temp, upper);
        assertThrows(HakoException.class, () -> finish(result, bottom));
        assertEquals(before, snapshot(temp, upper));
        assertFalse(Files.exists(upper.resolve("stolen"), NOFOLLOW_LINKS));
        assertEquals(1, stat(outside.resolve("secret")).get("nlink"));
    }

    @Test
    void nothingToFinishIsANoOp() throws IOException {
        LayerApplier.ApplyResult result = apply(new TarBuilder().dir("./").file("f", "x").build(), upper);
        assertFalse(result.needsFinish());
        assertEquals(0, finish(result, bottom));
    }

    private void assertRefused(LayerApplier.ApplyResult result, List<Path> lowers, String message) {
        HakoException e = assertThrows(HakoException.class, () -> new LayerApplier().finish(result, upper, lowers));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
