package dev.hako.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Snapshotter} does, as containerd's core/snapshots/testsuite says it for its
 * snapshotters: an implementation's test class extends this and says how to open one. Every case
 * runs without root (files are read and written through the directories the mounts name, see
 * {@link LayerStack}) but {@link #theMountsMountAsTheyAreDescribed}, which mounts for real.
 *
 * <p>After every refused call the suite checks that nothing changed: the same snapshots, and as
 * many stored ones as listed ({@link #stored}).
 */
public abstract class SnapshotterContract {
    @TempDir
    protected Path dir;
    protected Snapshotter snapshots;

    /** A new, empty snapshotter that keeps what it stores under {@code root}. */
    protected abstract Snapshotter open(Path root) throws IOException;

    /** One entry per snapshot whose storage exists (a directory name, say), to see that nothing is left over. */
    protected abstract Set<String> stored() throws IOException;

    @BeforeEach
    void openSnapshotter() throws IOException {
        snapshots = open(dir.resolve("snapshots"));
    }

    /** Releases what {@link #open} opened (a database, say); nothing by default. */
    protected void close() {}

    @AfterEach
    void storageMatchesTheRecords() throws IOException {
        try {
            assertEquals(snapshots.list().size(), stored().size(), "stored " + stored() + " for " + snapshots.list());
        } finally {
            close();
        }
    }

    @Test
    void aPreparedSnapshotIsActiveAndWritable() throws IOException {
        List<Mount> mounts = snapshots.prepare("active-1", null);
        Snapshot s = snapshots.stat("active-1").orElseThrow();
        assertEquals(Snapshot.Kind.ACTIVE, s.kind());
        assertNull(s.parent());
        assertEquals(0, s.size());
        assertEquals(mounts, snapshots.mounts("active-1"));
        LayerStack stack = LayerStack.of(mounts);
        assertTrue(Files.isDirectory(stack.requireWritable()), stack.toString());
        assertEquals(List.of(), stack.lowers());
        assertEquals(List.of(s), snapshots.list());
    }

    @Test
    void commitFreezesTheActiveSnapshotUnderItsName() throws IOException {
        Snapshot base = committed("base", null, "a", "abc");
        assertEquals(new Snapshot("base", null, Snapshot.Kind.COMMITTED, 3, base.createdAt()), base);
        assertTrue(snapshots.stat("extract-base").isEmpty(), "the active key is gone");
        assertEquals(base, snapshots.stat("base").orElseThrow());
        LayerStack stack = LayerStack.of(snapshots.mounts("base"));
        assertNull(stack.upper(), "a committed snapshot mounts read-only");
        assertEquals(Set.of("a"), visible(stack));
    }

    @Test
    void aChildStacksOnItsParentsTopmostFirstAndWritesOnlyItself() throws IOException {
        committed("base", null, "a", "a");
        Snapshot top = committed("top", "base", "b", "bbbbb");
        assertEquals(5, top.size(), "the size counts the snapshot's own files");
        assertEquals("base", top.parent());

        LayerStack container = LayerStack.of(snapshots.prepare("container-1", "top"));
        assertEquals(2, container.lowers().size());
        assertTrue(Files.exists(container.lowers().get(0).resolve("b")), "top first: " + container);
        assertTrue(Files.exists(container.lowers().get(1).resolve("a")), "then base: " + container);
        Files.writeString(container.requireWritable().resolve("c"), "c");
        assertEquals(Set.of("a", "b", "c"), visible(container));
        assertEquals(Set.of("a", "b"), visible(LayerStack.of(snapshots.mounts("top"))), "the parent did not change");
        assertEquals("top", snapshots.stat("container-1").orElseThrow().parent());
    }

    @Test
    void aViewIsReadOnlyOnACommittedParent() throws IOException {
        committed("base", null, "a", "a");
        committed("top", "base", "b", "b");
        LayerStack view = LayerStack.of(snapshots.view("view-1", "top"));
        assertNull(view.upper());
        assertEquals(Set.of("a", "b"), visible(view));
        assertEquals(Snapshot.Kind.VIEW, snapshots.stat("view-1").orElseThrow().kind());

        refused(ErrorKind.FAILED_PRECONDITION, () -> snapshots.commit("frozen-view", "view-1"));
        refused(ErrorKind.INVALID_ARGUMENT, () -> snapshots.view("view-2", null));
        snapshots.prepare("active-1", "top");
        refused(ErrorKind.FAILED_PRECONDITION, () -> snapshots.view("view-3", "active-1"));
        refused(ErrorKind.NOT_FOUND, () -> snapshots.view("view-4", "missing"));
    }

    @Test
    void parentsMustExistAndBeCommitted() throws IOException {
        committed("base", null, "a", "a");
        snapshots.prepare("active-1", "base");
        refused(ErrorKind.NOT_FOUND, () -> snapshots.prepare("orphan", "missing"));
        refused(ErrorKind.FAILED_PRECONDITION, () -> snapshots.prepare("child", "active-1"));
    }

    @Test
    void keysAndNamesAreUnique() throws IOException {
        committed("same", null, "a", "a");
        LayerStack first = LayerStack.of(snapshots.prepare("active-1", null));
        Files.writeString(first.requireWritable().resolve("kept"), "k");
        refused(ErrorKind.ALREADY_EXISTS, () -> snapshots.prepare("active-1", null));
        refused(ErrorKind.ALREADY_EXISTS, () -> snapshots.prepare("same", null));
        refused(ErrorKind.ALREADY_EXISTS, () -> snapshots.commit("same", "active-1"));
        assertEquals(Snapshot.Kind.ACTIVE, snapshots.stat("active-1").orElseThrow().kind(), "still there to remove");
        assertEquals(Set.of("kept"), visible(LayerStack.of(snapshots.mounts("active-1"))), "with its files");
    }

    @Test
    void aSnapshotWithChildrenCannotBeRemoved() throws IOException {
        committed("base", null, "a", "a");
        committed("top", "base", "b", "b");
        snapshots.view("view-1", "top");
        refused(ErrorKind.FAILED_PRECONDITION, () -> snapshots.remove("base"));
        refused(ErrorKind.FAILED_PRECONDITION, () -> snapshots.remove("top"));
        assertEquals(Set.of("a", "b"), visible(LayerStack.of(snapshots.mounts("top"))), "nothing of them went");

        snapshots.remove("view-1");
        snapshots.remove("top");
        snapshots.remove("base");
        assertEquals(List.of(), snapshots.list());
        assertEquals(Set.of(), stored());
    }

    @Test
    void whatIsNotThereIsNotFound() throws IOException {
        committed("base", null, "a", "a");
        refused(ErrorKind.NOT_FOUND, () -> snapshots.remove("missing"));
        refused(ErrorKind.NOT_FOUND, () -> snapshots.commit("name", "missing"));
        refused(ErrorKind.NOT_FOUND, () -> snapshots.mounts("missing"));
        assertTrue(snapshots.stat("missing").isEmpty());
        refused(ErrorKind.FAILED_PRECONDITION, () -> snapshots.commit("again", "base"));
    }

    @Test
    void anUnpackMayStartBeforeItsParentIsCommittedButCommitsAfterIt() throws IOException {
        LayerStack early = LayerStack.of(snapshots.prepareUnpack("extract-2", "layer-1"));
        Files.writeString(early.requireWritable().resolve("second"), "2");
        assertEquals(List.of(), early.lowers(), "its own changes only");
        refused(ErrorKind.FAILED_PRECONDITION, () -> snapshots.mounts("extract-2"));
        refused(ErrorKind.FAILED_PRECONDITION, () -> snapshots.commit("layer-2", "extract-2"));
        assertEquals(Set.of("second"), visible(early), "the refused commit kept its files");

        committed("layer-1", null, "first", "1");
        LayerStack whole = LayerStack.of(snapshots.mounts("extract-2"));
        assertEquals(early.upper(), whole.upper());
        assertEquals(Set.of("first", "second"), visible(whole));
        snapshots.commit("layer-2", "extract-2");
        assertEquals(Set.of("first", "second"), visible(LayerStack.of(snapshots.mounts("layer-2"))));
    }

    @Test
    void interruptedUnpacksAreRemovedAsOrphansAndNothingElse() throws IOException {
        committed("kept", null, "a", "a");
        LayerStack interrupted = LayerStack.of(snapshots.prepareUnpack("extract-123 sha256:x", "kept"));
        Files.writeString(interrupted.requireWritable().resolve("half"), "h");
        snapshots.prepare("container-1", "kept");
        snapshots.prepare("extract-done", null);
        snapshots.commit("extract-committed", "extract-done");

        List<String> removed = snapshots.removeOrphans("extract-");
        assertEquals(List.of("extract-123 sha256:x"), removed);
        assertTrue(snapshots.stat("extract-123 sha256:x").isEmpty());
        assertTrue(Files.notExists(interrupted.requireWritable()), "its files went with it");
        assertTrue(snapshots.stat("kept").isPresent());
        assertTrue(snapshots.stat("container-1").isPresent(), "active snapshots of other owners stay");
        assertTrue(snapshots.stat("extract-committed").isPresent(), "committed ones stay whatever their name");
        assertEquals(List.of(), snapshots.removeOrphans("extract-"), "a second pass finds nothing");
    }

    @Test
    void removedSnapshotsLeaveNothing() throws IOException {
        committed("base", null, "a", "a");
        snapshots.prepare("active-1", "base");
        snapshots.remove("active-1");
        snapshots.remove("base");
        assertEquals(List.of(), snapshots.list());
        assertEquals(Set.of(), stored());
    }

    /** Needs root (mount(2)), and fails saying so without it; every other case runs as any user. */
    @Test
    void theMountsMountAsTheyAreDescribed() throws IOException {
        assertEquals(0, Files.getAttribute(Path.of("/proc/self"), "unix:uid"),
                "this case mounts the snapshots for real and needs root; run the hako-snapshots tests as root, as CI does");
        committed("base", null, "a", "a");
        committed("top", "base", "b", "b");
        LayerStack container = LayerStack.of(snapshots.prepare("container-1", "top"));
        Path root = Files.createDirectories(dir.resolve("mnt/root"));
        try (Mounted m = Mounted.at(snapshots.mounts("container-1"), root)) {
            assertEquals(List.of("a", "b"), namesIn(root).stream().sorted().toList());
            Files.writeString(root.resolve("c"), "c");
        }
        assertTrue(Files.exists(container.requireWritable().resolve("c")), "writes land in the active snapshot");
        assertEquals(Set.of("a", "b"), visible(LayerStack.of(snapshots.mounts("top"))));

        snapshots.view("view-1", "top");
        Path view = Files.createDirectories(dir.resolve("mnt/view"));
        try (Mounted m = Mounted.at(snapshots.mounts("view-1"), view)) {
            assertEquals(List.of("a", "b"), namesIn(view).stream().sorted().toList());
            assertThrows(IOException.class, () -> Files.writeString(view.resolve("d"), "d"), "a view is read-only");
        }
    }

    /** Prepares {@code name}'s active snapshot ({@code extract-name}), writes one file, and commits it. */
    protected Snapshot committed(String name, String parent, String file, String content) throws IOException {
        LayerStack active = LayerStack.of(snapshots.prepare("extract-" + name, parent));
        Files.writeString(active.requireWritable().resolve(file), content);
        return snapshots.commit(name, "extract-" + name);
    }

    /** The names at the top of a stack, as a mount of it shows them (the cases write no whiteouts). */
    protected static Set<String> visible(LayerStack stack) throws IOException {
        Set<String> names = new java.util.TreeSet<>();
        if (stack.upper() != null) {
            names.addAll(namesIn(stack.upper()));
        }
        for (Path lower : stack.lowers()) {
            names.addAll(namesIn(lower));
        }
        return names;
    }

    /** A mount made from a description, as hako-containers makes a container's root; closing unmounts it. */
    private record Mounted(Path target) implements AutoCloseable {
        private static final long MS_REMOUNT = 32;

        static Mounted at(List<Mount> mounts, Path target) throws IOException {
            Mount m = mounts.getFirst();
            long flags = m.options().contains("ro") ? Syscalls.MS_RDONLY : 0;
            if (m.type().equals("bind")) {
                Syscalls.mount(m.source(), target, null, flags | Syscalls.MS_BIND | Syscalls.MS_REC, null);
                if ((flags & Syscalls.MS_RDONLY) != 0) { // a bind mount takes ro only on a remount
                    Syscalls.mount(null, target, null, Syscalls.MS_BIND | MS_REMOUNT | Syscalls.MS_RDONLY, null);
                }
            } else {
                String data = String.join(",", m.options().stream().filter(o -> o.contains("=")).toList());
                Syscalls.mount(m.source(), target, m.type(), flags, data);
            }
            return new Mounted(target);
        }

        @Override
        public void close() throws IOException {
            Syscalls.umount(target, Syscalls.MNT_DETACH);
        }
    }

    private static List<String> namesIn(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Runs {@code call}, expects it refused with {@code kind}, and checks that it changed nothing. */
    protected void refused(ErrorKind kind, Executable call) throws IOException {
        List<Snapshot> before = snapshots.list();
        Set<String> storedBefore = stored();
        HakoException e = assertThrows(HakoException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(before, snapshots.list(), "a refused call changed the snapshots");
        assertEquals(storedBefore, stored(), "a refused call changed what is stored");
    }
}
