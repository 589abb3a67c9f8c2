package dev.hako.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRecordsTest {
    @TempDir
    Path dir;
    Database db;
    SnapshotRecords snapshots;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(dir.resolve("metadata.db"));
        snapshots = new SnapshotRecords(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void rowsGetIncreasingIdsAndKeysAreUnique() {
        SnapshotRecord a = snapshots.insert("a", null, SnapshotRecord.Kind.ACTIVE);
        SnapshotRecord b = snapshots.insert("b", null, SnapshotRecord.Kind.VIEW);
        assertTrue(b.id() > a.id());
        assertEquals(a, snapshots.get("a").orElseThrow());
        HakoException e = assertThrows(HakoException.class, () -> snapshots.insert("a", null, SnapshotRecord.Kind.ACTIVE));
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        assertEquals(List.of(a, b), snapshots.list());
    }

    @Test
    void commitRenamesTheActiveRowAndKeepsItsId() {
        SnapshotRecord active = snapshots.insert("extract-1", null, SnapshotRecord.Kind.ACTIVE);
        SnapshotRecord committed = snapshots.commit("extract-1", "sha256:chain", 42);
        assertEquals(new SnapshotRecord(active.id(), "sha256:chain", null, SnapshotRecord.Kind.COMMITTED, 42,
                active.createdAt()), committed);
        assertTrue(snapshots.get("extract-1").isEmpty());
        assertEquals(committed, snapshots.get("sha256:chain").orElseThrow());
    }

    @Test
    void onlyAnActiveRowCommitsAndOnlyUnderAFreeName() {
        snapshots.insert("taken", null, SnapshotRecord.Kind.ACTIVE);
        snapshots.commit("taken", "name", 0);
        SnapshotRecord view = snapshots.insert("view", "name", SnapshotRecord.Kind.VIEW);
        SnapshotRecord active = snapshots.insert("active", "name", SnapshotRecord.Kind.ACTIVE);

        assertEquals(ErrorKind.FAILED_PRECONDITION,
                assertThrows(HakoException.class, () -> snapshots.commit("view", "other", 0)).kind());
        assertEquals(ErrorKind.ALREADY_EXISTS,
                assertThrows(HakoException.class, () -> snapshots.commit("active", "name", 0)).kind());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(HakoException.class, () -> snapshots.commit("missing", "other", 0)).kind());
        assertEquals(view, snapshots.get("view").orElseThrow());
        assertEquals(active, snapshots.get("active").orElseThrow(), "a refused commit leaves the row as it was");
    }

    @Test
    void aRowNamedAsParentIsNotDeleted() {
        snapshots.insert("base-active", null, SnapshotRecord.Kind.ACTIVE);
        snapshots.commit("base-active", "base", 0);
        SnapshotRecord child = snapshots.insert("child", "base", SnapshotRecord.Kind.ACTIVE);
        assertEquals(List.of(child), snapshots.children("base"));

        HakoException e = assertThrows(HakoException.class, () -> snapshots.delete("base"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("child"), e.getMessage());
        assertTrue(snapshots.get("base").isPresent());

        assertEquals(child, snapshots.delete("child").orElseThrow());
        assertTrue(snapshots.delete("child").isEmpty(), "deleting what is gone finds nothing");
        assertTrue(snapshots.delete("base").isPresent());
        assertEquals(List.of(), snapshots.list());
    }
}
