package dev.hako.cli.transfer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** docker cp's rules for where a copy lands. */
class CopyPlanTest {
    private static CopyPlan plan(boolean srcDir, String srcBase, String dst, boolean exists, boolean dstDir) {
        return CopyPlan.of(new CopyPlan.Source(srcDir, srcBase), new CopyPlan.Destination(dst, exists, dstDir));
    }

    @Test
    void intoAnExistingDirectoryUnderItsOwnName() {
        assertEquals(new CopyPlan("/tmp", "hosts"), plan(false, "hosts", "/tmp", true, true));
        assertEquals(new CopyPlan("/tmp/", "etc"), plan(true, "etc", "/tmp/", true, true));
    }

    @Test
    void contentsOfADirectory() {
        assertEquals(new CopyPlan("/tmp", ""), plan(true, ".", "/tmp", true, true));
        assertEquals(new CopyPlan("/tmp", "new"), plan(true, ".", "/tmp/new", false, false));
    }

    @Test
    void aNewNameOrAFileOverAFile() {
        assertEquals(new CopyPlan("/tmp", "h"), plan(false, "hosts", "/tmp/h", false, false));
        assertEquals(new CopyPlan("/tmp", "h"), plan(false, "hosts", "/tmp/h", true, false));
        assertEquals(new CopyPlan("/tmp", "copy"), plan(true, "etc", "/tmp/copy", false, false));
        assertEquals(new CopyPlan(".", "copy"), plan(true, "etc", "copy", false, false));
    }

    @Test
    void impossibleCopies() {
        assertEquals("cannot copy directory",
                assertThrows(IllegalArgumentException.class, () -> plan(true, "etc", "/tmp/file", true, false)).getMessage());
        assertEquals("no such directory",
                assertThrows(IllegalArgumentException.class, () -> plan(false, "hosts", "/tmp/nodir/", false, false)).getMessage());
    }

    @Test
    void goPaths() {
        assertEquals("/a/c", GoPath.clean("/a/b/../c/."));
        assertEquals("/", GoPath.clean("/../.."));
        assertEquals("../x", GoPath.clean("../x/"));
        assertEquals(".", GoPath.clean(""));
        assertEquals("/a", GoPath.dir("/a/b"));
        assertEquals("/", GoPath.dir("/a"));
        assertEquals(".", GoPath.dir("a"));
        assertEquals("b", GoPath.base("/a/b/"));
        assertEquals(".", GoPath.splitDirEntry("/a/b/.")[1]);
        assertEquals("/a/b", GoPath.splitDirEntry("/a/b/.")[0]);
    }
}
