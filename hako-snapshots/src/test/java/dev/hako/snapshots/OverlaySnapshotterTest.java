package dev.hako.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.Database;
import dev.hako.metadata.SnapshotRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlaySnapshotterTest {
    @TempDir
    Path dir;
    Database db;
    OverlaySnapshotter snapshots;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(dir.resolve("metadata.db"));
        snapshots = new OverlaySnapshotter(dir.resolve("snapshots"), new SnapshotRecords(db));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Snapshot committedLayer(String name, String parent, String file) throws IOException {
        Snapshot active = snapshots.prepare("extract-" + name, parent);
        Files.writeString(active.directory().resolve(file), file);
        return snapshots.commit(name, "extract-" + name);
    }

    @Test
    void committedChainsMountAsOverlayLowerDirsTopFirst() throws IOException {
        Snapshot base = committedLayer("base", null, "a");
        Snapshot top = committedLayer("top", "base", "b");
        assertEquals(Snapshot.Kind.COMMITTED, top.kind());
        assertEquals(1, top.size());
        assertEquals(List.of(top.directory(), base.directory()), snapshots.layerDirectories("top"));

        Snapshot container = snapshots.prepare("container-1", "top");
        List<Mount> mounts = snapshots.mounts("container-1");
        assertEquals(1, mounts.size());
        Mount m = mounts.getFirst();
        assertEquals("overlay", m.type());
        assertTrue(m.options().contains("upperdir=" + container.directory()), m.options().toString());
        assertTrue(m.options().contains("lowerdir=" + top.directory() + ":" + base.directory()), m.options().toString());
        assertTrue(m.options().stream().anyMatch(o -> o.startsWith("workdir=")), m.options().toString());

        snapshots.view("view-1", "base");
        assertEquals(List.of(new Mount("bind", base.directory().toString(), List.of("rbind", "ro"))),
                snapshots.mounts("view-1"));
        Snapshot solo = snapshots.prepare("solo", null);
        assertEquals(List.of(new Mount("bind", solo.directory().toString(), List.of("rbind", "rw"))), snapshots.mounts("solo"));
    }

    @Test
    void parentsMustBeCommittedAndCannotBeRemovedUnderChildren() throws IOException {
        committedLayer("base", null, "a");
        snapshots.prepare("active", "base");
        HakoException e = assertThrows(HakoException.class, () -> snapshots.prepare("child", "active"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        e = assertThrows(HakoException.class, () -> snapshots.prepare("orphan", "missing"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        e = assertThrows(HakoException.class, () -> snapshots.remove("base"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        e = assertThrows(HakoException.class, () -> snapshots.prepare("active", "base"));
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        snapshots.remove("active");
        snapshots.remove("base");
        assertEquals(List.of(), snapshots.list());
        assertEquals(0, Files.list(dir.resolve("snapshots")).count());
    }

    @Test
    void anUnpackMayStartBeforeItsParentIsCommittedButCommitsAfterIt() throws IOException {
        Snapshot early = snapshots.prepareUnpack("extract-2", "layer-1");
        Files.writeString(early.directory().resolve("second"), "2");
        HakoException e = assertThrows(HakoException.class, () -> snapshots.commit("layer-2", "extract-2"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        committedLayer("layer-1", null, "first");
        snapshots.commit("layer-2", "extract-2");
        assertEquals(2, snapshots.layerDirectories("layer-2").size());
    }

    @Test
    void committingTwiceUnderOneNameIsRefused() throws IOException {
        committedLayer("same", null, "a");
        snapshots.prepare("extract-again", null);
        HakoException e = assertThrows(HakoException.class, () -> snapshots.commit("same", "extract-again"));
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        assertTrue(snapshots.stat("extract-again").isPresent(), "the refused active snapshot is still there to remove");
    }

    @Test
    void recoveryRemovesInterruptedUnpacksAndStrayDirectories() throws IOException {
        committedLayer("kept", null, "a");
        Snapshot interrupted = snapshots.prepareUnpack("extract-123 sha256:x", "kept");
        Files.writeString(interrupted.directory().resolve("half"), "h");
        snapshots.prepare("container-1", "kept");
        Files.createDirectories(dir.resolve("snapshots/999/fs"));

        List<String> removed = snapshots.removeOrphans("extract-");
        assertTrue(removed.contains("extract-123 sha256:x"), removed.toString());
        assertFalse(Files.exists(interrupted.directory()));
        assertFalse(Files.exists(dir.resolve("snapshots/999")));
        assertTrue(snapshots.stat("kept").isPresent());
        assertTrue(snapshots.stat("container-1").isPresent(), "active snapshots of other owners stay");

        // A row whose directory vanished is dropped too.
        Snapshot lost = committedLayer("lost", null, "l");
        deleteTree(lost.directory().getParent());
        snapshots.removeOrphans("extract-");
        assertTrue(snapshots.stat("lost").isEmpty());
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
