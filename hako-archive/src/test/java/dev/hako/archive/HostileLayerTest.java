package dev.hako.archive;

import dev.hako.tar.TarBuilder;
import static dev.hako.archive.LayerTestSupport.apply;
import static dev.hako.archive.LayerTestSupport.snapshot;
import static dev.hako.archive.LayerTestSupport.stat;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.sys.FileTrees;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers that try to write outside their directory. Each is refused with a message naming the
 * entry, and everything around the layer directory (it sits three levels down in a sandbox with
 * a decoy "outside" tree) is left exactly as it was.
 */
class HostileLayerTest {
    @TempDir
    Path sandbox;
    Path outside;
    Path root;

    @BeforeAll
    static void needsRoot() {
        LayerTestSupport.requireRoot();
    }

    @BeforeEach
    void layout() throws IOException {
        outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.createDirectories(outside.resolve("etc"));
        Files.writeString(outside.resolve("canary"), "canary");
        Files.writeString(outside.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        root = Files.createDirectories(sandbox.resolve("outer/mid/layer"));
    }

    @Test
    void refusesDotDotTraversal() {
        assertRefused(new TarBuilder().file("ok", "1").file("../escaped", "x").build(),
                "../escaped", "path escapes the layer root");
        assertRefused(new TarBuilder().file("a/../../escaped", "x").build(),
                "a/../../escaped", "path escapes the layer root");
        assertRefused(new TarBuilder().file("./../../../outside/canary", "pwned").build(),
                "./../../../outside/canary", "path escapes the layer root");
    }

    @Test
    void absoluteNamesAreRootedAtTheLayerRootNeverTheHost() throws IOException {
        Map<String, String> before = snapshot(sandbox, root);
        String hostCanary = outside.resolve("canary").toString();
        apply(new TarBuilder()
                .dir("/", e -> e.setMode(040711))
                .dir("/etc")
                .file("/etc/passwd", "mine")
                .file(hostCanary, "rooted")
                .file("/../../escaped", "clamped")
                .hardLink("/etc/passwd-link", "/etc/passwd")
                .build(), root);
        assertEquals(0711, LayerTestSupport.mode(root) & 07777);
        assertEquals("mine", Files.readString(root.resolve("etc/passwd")));
        assertEquals("rooted", Files.readString(root.resolve(hostCanary.substring(1))));
        assertEquals("clamped", Files.readString(root.resolve("escaped")));
        assertEquals(stat(root.resolve("etc/passwd")).get("ino"), stat(root.resolve("etc/passwd-link")).get("ino"));
        assertEquals(before, snapshot(sandbox, root), "something outside the layer root changed");
        assertEquals("canary", Files.readString(outside.resolve("canary")));
    }

    @Test
    void refusesWritingThroughAnAbsoluteSymlink() {
        assertRefused(new TarBuilder().symlink("evil", outside.toString()).file("evil/canary", "pwned").build(),
                "evil/canary", "parent \"evil\" is a symbolic link");
        assertRefused(new TarBuilder().symlink("etc", outside.resolve("etc").toString())
                        .file("etc/passwd", "pwned").build(),
                "etc/passwd", "parent \"etc\" is a symbolic link");
        assertRefused(new TarBuilder().dir("a").symlink("a/evil", outside.toString()).dir("a/evil/new").build(),
                "a/evil/new/", "parent \"a/evil\" is a symbolic link");
    }

    @Test
    void refusesWritingThroughARelativeSymlinkPointingOutside() {
        assertRefused(new TarBuilder().symlink("link", "../../..").file("link/escaped", "x").build(),
                "link/escaped", "parent \"link\" is a symbolic link");
        assertRefused(new TarBuilder().symlink("link", "../../..").file("link/outside/deeper/canary", "x").build(),
                "link/outside/deeper/canary", "parent \"link\" is a symbolic link");
    }

    @Test
    void refusesSpecialFilesAndWhiteoutsThroughASymlink() {
        assertRefused(new TarBuilder().symlink("evil", outside.toString())
                        .device("evil/null", TarConstants.LF_CHR, 1, 3, 020666).build(),
                "evil/null", "parent \"evil\" is a symbolic link");
        assertRefused(new TarBuilder().symlink("evil", outside.toString()).file("evil/.wh.canary", "").build(),
                "evil/.wh.canary", "parent \"evil\" is a symbolic link");
        assertRefused(new TarBuilder().symlink("evil", outside.toString()).file("evil/.wh..wh..opq", "").build(),
                "evil/.wh..wh..opq", "parent \"evil\" is a symbolic link");
    }

    @Test
    void refusesWhiteoutsOutsideTheRoot() {
        assertRefused(new TarBuilder().file("../.wh.x", "").build(), "../.wh.x", "path escapes the layer root");
        assertRefused(new TarBuilder().file("../../../outside/.wh.canary", "").build(),
                "../../../outside/.wh.canary", "path escapes the layer root");
        assertRefused(new TarBuilder().file("../.wh..wh..opq", "").build(),
                "../.wh..wh..opq", "path escapes the layer root");
        assertRefused(new TarBuilder().file("a/.wh...", "").build(), "a/.wh...", "whiteout of no file");
    }

    @Test
    void refusesHardLinksToEscapingTargets() {
        assertRefused(new TarBuilder().hardLink("stolen", "../../../outside/canary").build(),
                "stolen", "hard link target \"../../../outside/canary\" escapes the layer root");
        assertRefused(new TarBuilder().hardLink("stolen", "a/../../outside/canary").build(),
                "stolen", "hard link target \"a/../../outside/canary\" escapes the layer root");
    }

    @Test
    void anAbsoluteHardLinkTargetIsTheLayersFileNeverTheHosts() throws IOException {
        // Rooted, the host's file (outside/etc/passwd stands for it) is the layer's path of that
        // name: absent here, it is left for the layers below, and the host's file is never linked.
        Map<String, String> before = snapshot(sandbox, root);
        Path hostPasswd = outside.resolve("etc/passwd");
        LayerApplier.ApplyResult result = apply(new TarBuilder().hardLink("stolen", hostPasswd.toString()).build(), root);
        assertEquals(java.util.List.of(new LayerApplier.ApplyResult.PendingHardLink("stolen",
                hostPasswd.toString().substring(1))), result.pendingHardLinks());
        assertEquals(1, stat(hostPasswd).get("nlink"));
        assertEquals(before, snapshot(sandbox, root), "something outside the layer root changed");
    }

    @Test
    void refusesHardLinksThroughASymlinkedParent() {
        assertRefused(new TarBuilder().symlink("evil", outside.toString()).hardLink("stolen", "evil/canary").build(),
                "stolen", "hard link target \"evil/canary\": parent \"evil\" is a symbolic link");
        assertRefused(new TarBuilder().symlink("up", "../../..").hardLink("stolen", "up/outside/etc/passwd").build(),
                "stolen", "hard link target \"up/outside/etc/passwd\": parent \"up\" is a symbolic link");
    }

    @Test
    void aSymlinkInTheLastComponentIsReplacedNeverFollowed() throws IOException {
        Map<String, String> before = snapshot(sandbox, root);
        apply(new TarBuilder()
                .symlink("f", outside.resolve("canary").toString()).file("f", "mine")
                .symlink("d", outside.toString()).dir("d")
                .symlink("n", outside.resolve("canary").toString())
                .device("n", TarConstants.LF_FIFO, 0, 0, 010644)
                .build(), root);
        assertEquals("mine", Files.readString(root.resolve("f")));
        assertTrue(Files.isDirectory(root.resolve("d"), NOFOLLOW_LINKS));
        assertEquals(Syscalls.S_IFIFO, LayerTestSupport.mode(root.resolve("n")) & 0170000);
        assertEquals(before, snapshot(sandbox, root));
    }

    @Test
    void aHardLinkToASymlinkLinksTheSymlinkNotItsTarget() throws IOException {
        Map<String, String> before = snapshot(sandbox, root);
        apply(new TarBuilder().symlink("s", outside.resolve("canary").toString()).hardLink("h", "s").build(), root);
        assertTrue(Files.isSymbolicLink(root.resolve("h")));
        assertEquals(stat(root.resolve("s")).get("ino"), stat(root.resolve("h")).get("ino"));
        assertEquals(1, stat(outside.resolve("canary")).get("nlink"));
        assertEquals(before, snapshot(sandbox, root));
    }

    @Test
    void refusesFilesUnderAFileAndAFileAsTheRoot() {
        assertRefused(new TarBuilder().file("f", "x").file("f/g", "y").build(), "f/g", "parent \"f\" is not a directory");
        assertRefused(new TarBuilder().file(".", "x").build(), ".", "the layer root can only be a directory");
    }

    private void assertRefused(byte[] tar, String entry, String reason) {
        try {
            FileTrees.deleteRecursively(root);
            Files.createDirectory(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> before = snapshot(sandbox, root);
        HakoException e = assertThrows(HakoException.class, () -> apply(tar, root));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("layer entry \"" + entry + "\""), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(before, snapshot(sandbox, root), "something outside the layer root changed");
    }
}
