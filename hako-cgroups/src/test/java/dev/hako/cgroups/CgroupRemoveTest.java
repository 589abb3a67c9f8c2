package dev.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removal over a fake tree of empty directories. A real cgroupfs lets rmdir take a directory with
 * its control files; a plain directory with a file in it refuses rmdir as a cgroup with processes
 * does, which stands in for EBUSY here. {@code CgroupsV1IT} checks the real thing.
 */
class CgroupRemoveTest {
    @TempDir
    Path root;

    @Test
    void removesTheCgroupAndItsChildrenFromEveryHierarchyButNotTheParent() {
        FakeTree tree = new FakeTree(root);
        Cgroups cg = Cgroups.of(FakeTree.HYBRID_MOUNTINFO, root);
        for (Path h : cg.hierarchies()) {
            tree.mkdir(root.relativize(h.resolve("hako/c1/inner/deeper")).toString());
            tree.mkdir(root.relativize(h.resolve("hako/c2")).toString());
        }
        assertEquals(10, cg.directories("/hako/c1").size());

        assertTrue(cg.remove("/hako/c1"));

        assertFalse(cg.exists("/hako/c1"));
        assertEquals(List.of(), cg.directories("/hako/c1"));
        for (Path h : cg.hierarchies()) {
            assertTrue(Files.isDirectory(h.resolve("hako/c2")), h + ": a sibling was touched");
        }
        assertTrue(cg.exists("/hako"));
        assertFalse(cg.remove("/hako/c1"), "a second remove finds nothing");
    }

    @Test
    void aCgroupLeftInOnlySomeHierarchiesIsStillRemoved() {
        FakeTree tree = new FakeTree(root);
        tree.mkdir("sys/fs/cgroup/systemd/hako/half").mkdir("sys/fs/cgroup/unified/hako/half");
        Cgroups cg = Cgroups.of(FakeTree.HYBRID_MOUNTINFO, root);
        assertTrue(cg.remove("/hako/half"));
        assertFalse(cg.exists("/hako/half"));
    }

    @Test
    void aCgroupThatStaysBusyFailsNamingItsProcesses() {
        FakeTree tree = new FakeTree(root);
        tree.write("sys/fs/cgroup/memory/hako/busy/cgroup.procs", "31337\n31338\n");
        Cgroups cg = Cgroups.of(FakeTree.HYBRID_MOUNTINFO, root);
        long start = System.nanoTime();
        HakoException e = assertThrows(HakoException.class, () -> cg.remove("/hako/busy", Duration.ofMillis(150)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().startsWith("cannot remove cgroup /hako/busy at " + root.resolve("sys/fs/cgroup/memory/hako/busy")),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(processes still in it: 31337 31338)"), e.getMessage());
        assertTrue(tookMs >= 150, "retried until the timeout, took " + tookMs + " ms");
        assertTrue(cg.exists("/hako/busy"));
    }

    @Test
    void theRootCgroupIsNeverRemoved() {
        Cgroups cg = Cgroups.of(FakeTree.HYBRID_MOUNTINFO, root);
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(HakoException.class, () -> cg.remove("/")).kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(HakoException.class, () -> cg.remove("/hako/../x")).kind());
    }

    @Test
    void symlinksAreNotFollowed() throws Exception {
        // cgroupfs has no symlinks; a directory tree that has one is not a cgroup, and what it points at stays.
        FakeTree tree = new FakeTree(root);
        tree.mkdir("sys/fs/cgroup/memory/hako/c1").mkdir("elsewhere/keep");
        Files.createSymbolicLink(root.resolve("sys/fs/cgroup/memory/hako/c1/link"), root.resolve("elsewhere"));
        Cgroups cg = Cgroups.of(FakeTree.HYBRID_MOUNTINFO, root);
        assertThrows(HakoException.class, () -> cg.remove("/hako/c1", Duration.ofMillis(50)));
        assertTrue(Files.isDirectory(root.resolve("elsewhere/keep")));
    }
}
