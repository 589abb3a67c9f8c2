package dev.hako.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Lexical cleaning of entry names. Needs no root. */
class EntryPathsTest {
    @Test
    void cleansNames() {
        assertEquals("a/b", EntryPaths.clean("./a/b"));
        assertEquals("a/b", EntryPaths.clean("a//b"));
        assertEquals("a/b", EntryPaths.clean("a/./b/"));
        assertEquals("a/b", EntryPaths.clean("././a/b//"));
        assertEquals("b", EntryPaths.clean("a/../b"));
        assertEquals("usr/bin/env", EntryPaths.clean("usr/bin/env"));
        assertEquals("..a/b..", EntryPaths.clean("..a/b.."));
        assertEquals(".wh..wh..opq", EntryPaths.clean("./.wh..wh..opq"));
    }

    @Test
    void theRootIsTheEmptyPath() {
        assertEquals("", EntryPaths.clean("./"));
        assertEquals("", EntryPaths.clean("."));
        assertEquals("", EntryPaths.clean(""));
        assertEquals("", EntryPaths.clean("a/.."));
    }

    @Test
    void aLeadingSlashRootsANameAtTheLayerRoot() {
        assertEquals("", EntryPaths.clean("/"));
        assertEquals("", EntryPaths.clean("//"));
        assertEquals("etc/passwd", EntryPaths.clean("/etc/passwd"));
        assertEquals("etc", EntryPaths.clean("/./etc/"));
        assertEquals("etc", EntryPaths.clean(".//etc"));
        // As Go's filepath.Clean: ".." at the root of a rooted name stays at the root.
        assertEquals("etc/passwd", EntryPaths.clean("/../etc/passwd"));
        assertEquals("x", EntryPaths.clean("/a/../../x"));
    }

    @Test
    void namesThatClimbAboveTheRootAreNull() {
        assertNull(EntryPaths.clean(".//../x"));
        assertNull(EntryPaths.clean(".."));
        assertNull(EntryPaths.clean("../x"));
        assertNull(EntryPaths.clean("./../x"));
        assertNull(EntryPaths.clean("a/../../x"));
        assertNull(EntryPaths.clean("a/b/../../../etc/passwd"));
    }

    @Test
    void splitsPaths() {
        assertEquals("", EntryPaths.parent("a"));
        assertEquals("a/b", EntryPaths.parent("a/b/c"));
        assertEquals("c", EntryPaths.baseName("a/b/c"));
        assertEquals("a", EntryPaths.child("", "a"));
        assertEquals("a/b", EntryPaths.child("a", "b"));
    }
}
