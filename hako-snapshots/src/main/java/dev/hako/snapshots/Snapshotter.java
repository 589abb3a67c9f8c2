package dev.hako.snapshots;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Layered filesystem snapshots in containerd's vocabulary. An active snapshot (named by its key)
 * is writable and made on a committed parent; {@code commit} freezes it under a name; a view is a
 * read-only snapshot of a committed parent. How a snapshot is stored is the implementation's
 * business: callers see it only through the {@link Mount}s to perform, as containerd's callers do.
 *
 * <p>The kinds of errors are part of the contract ({@code SnapshotterContract} in the tests runs
 * it against every implementation): NOT_FOUND for a missing key or parent, ALREADY_EXISTS for a
 * key or name in use, FAILED_PRECONDITION for a parent that is not committed or a snapshot that
 * still has children. A refused call changes nothing.
 */
public interface Snapshotter {
    /** A writable active snapshot on {@code parent} (a committed name, or null for an empty base); its mounts. */
    List<Mount> prepare(String key, String parent) throws IOException;

    /** A read-only snapshot of committed {@code parent}; its mounts. */
    List<Mount> view(String key, String parent) throws IOException;

    /**
     * An active snapshot for unpacking a layer, whose {@code parent} need not be committed yet, nor
     * exist: the layers of an image unpack at once, each into its own snapshot, and commit in
     * order. Until its parent is committed its mounts show its own changes only (the mounts
     * returned here), and {@link #mounts} and {@link #commit} are refused (FAILED_PRECONDITION);
     * once it is, {@link #mounts} gives the whole stack.
     */
    List<Mount> prepareUnpack(String key, String parent) throws IOException;

    /**
     * How to mount {@code key}: an active snapshot writable on its parents, a view or a committed
     * snapshot read-only (the same as a view of it would get).
     */
    List<Mount> mounts(String key) throws IOException;

    /** Freezes active {@code key} as {@code name}; its parent must be committed by then. */
    Snapshot commit(String name, String key) throws IOException;

    /** Removes a snapshot that has no children. */
    void remove(String key) throws IOException;

    Optional<Snapshot> stat(String key);

    List<Snapshot> list();

    /**
     * Repairs what a crash left: active snapshots whose keys start with {@code activePrefix}
     * (interrupted unpacks) and that have no children, storage without a record, and records whose
     * storage is gone. Returns what it removed (keys, or where stray storage was).
     */
    List<String> removeOrphans(String activePrefix) throws IOException;
}
