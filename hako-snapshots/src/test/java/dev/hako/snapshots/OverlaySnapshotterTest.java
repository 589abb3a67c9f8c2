package dev.hako.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.metadata.Database;
import dev.hako.metadata.SnapshotRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The snapshotter contract, and what is the overlay snapshotter's own: its directories and mount options. */
class OverlaySnapshotterTest extends SnapshotterContract {
    private Database db;
    private Path root;

    @Override
    protected Snapshotter open(Path root) throws IOException {
        this.root = root;
        db = Database.open(dir.resolve("metadata.db"));
        return new OverlaySnapshotter(root, new SnapshotRecords(db));
    }

    @Override
    protected Set<String> stored() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    @Override
    protected void close() {
        db.close();
    }

    @Test
    void chainsMountAsOverlayLowerDirsTopFirstAndSingleLayersAsBindMounts() throws IOException {
        committed("base", null, "a", "a");
        committed("top", "base", "b", "b");
        Path base = root.resolve("1/fs");
        Path top = root.resolve("2/fs");

        snapshots.prepare("container-1", "top");
        Path container = root.resolve("3");
        assertEquals(List.of(new Mount("overlay", "overlay", List.of("index=off", "workdir=" + container.resolve("work"),
                "upperdir=" + container.resolve("fs"), "lowerdir=" + top + ":" + base))), snapshots.mounts("container-1"));
        assertEquals(List.of(new Mount("overlay", "overlay", List.of("lowerdir=" + top + ":" + base))),
                snapshots.mounts("top"));
        assertEquals(List.of(new Mount("bind", base.toString(), List.of("rbind", "ro"))), snapshots.view("view-1", "base"));
        assertEquals(List.of(new Mount("bind", base.toString(), List.of("rbind", "ro"))), snapshots.mounts("base"));
        assertEquals(List.of(new Mount("bind", root.resolve("5/fs").toString(), List.of("rbind", "rw"))),
                snapshots.prepare("solo", null));
    }

    @Test
    void activeSnapshotsHaveAWorkDirectoryAndCommittedOnesLoseIt() throws IOException {
        snapshots.prepareUnpack("extract-1", "parent-to-come");
        assertTrue(Files.isDirectory(root.resolve("1/work")), "so that its mounts mount once its parent is committed");
        snapshots.prepare("extract-base", null);
        snapshots.commit("base", "extract-base");
        assertFalse(Files.exists(root.resolve("2/work")));
        assertTrue(Files.isDirectory(root.resolve("2/fs")));
    }

    @Test
    void recoveryRemovesStrayDirectoriesAndRowsWhoseDirectoryVanished() throws IOException {
        committed("kept", null, "a", "a");
        committed("lost", null, "l", "l");
        Files.createDirectories(root.resolve("999/fs"));
        deleteTree(root.resolve("2"));

        List<String> removed = snapshots.removeOrphans("extract-");
        assertTrue(removed.contains("lost"), removed.toString());
        assertTrue(removed.contains(root.resolve("999").toString()), removed.toString());
        assertTrue(snapshots.stat("lost").isEmpty());
        assertFalse(Files.exists(root.resolve("999")));
        assertTrue(snapshots.stat("kept").isPresent());
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
