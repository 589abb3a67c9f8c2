package dev.hako.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Layered filesystem snapshots in containerd's vocabulary: {@code prepare} makes a writable active
 * snapshot on a committed parent, {@code commit} freezes it under a name, {@code view} gives a
 * read-only one.
 */
public interface Snapshotter {
    /** A writable snapshot on {@code parent} (a committed name, or null for an empty base). */
    Snapshot prepare(String key, String parent) throws IOException;

    /** A read-only snapshot of {@code parent}. */
    Snapshot view(String key, String parent) throws IOException;

    /** How to mount {@code key}: an overlay of its parents, or a bind mount when there are none. */
    List<Mount> mounts(String key) throws IOException;

    /** Freezes active {@code key} as {@code name}; its parent must be committed by then. */
    Snapshot commit(String name, String key) throws IOException;

    /** Removes a snapshot that has no children. */
    void remove(String key) throws IOException;

    Optional<Snapshot> stat(String key);

    List<Snapshot> list();

    /** The layer directories of committed {@code name} and its ancestors, topmost first. */
    List<Path> layerDirectories(String name) throws IOException;
}
