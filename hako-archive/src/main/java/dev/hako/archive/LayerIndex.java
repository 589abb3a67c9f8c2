package dev.hako.archive;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What one layer has put in its directory so far, except plain files: directories, symlinks,
 * whiteouts and hard links waiting for a lower layer. Only this apply writes into the layer
 * directory, so the index is the truth and symlink checks need no system call.
 *
 * <p>Invariant: every indexed path has all of its ancestors indexed as directories. A path that
 * is not indexed is either absent or a plain file (regular file, device, FIFO, hard link); those
 * are left out because they are most of a layer and need no lookups.
 */
final class LayerIndex {
    sealed interface Node permits Directory, Marker, PendingLink {}

    /** A directory of this layer. Mutable: a later entry for the same directory updates it. */
    static final class Directory implements Node {
        /** Created only because an entry below it needed it; finish takes its metadata from below. */
        boolean implicit;
        boolean opaque;
        /** The permission bits, to know when children inherit a setgid group. */
        int mode;
        /** Times from the archive, set after everything inside is written; null when it had none. */
        Instant modified;
        Instant accessed;

        Directory(boolean implicit, int mode) {
            this.implicit = implicit;
            this.mode = mode;
        }

        boolean setgid() {
            return (mode & 02000) != 0;
        }
    }

    enum Marker implements Node { SYMLINK, WHITEOUT }

    /** A hard link whose target is not in this layer: nothing is on disk until finish. */
    record PendingLink(String target) implements Node {}

    private final Map<String, Node> nodes = new HashMap<>();
    private int generation;

    Node get(String path) {
        return nodes.get(path);
    }

    void put(String path, Node node) {
        nodes.put(path, node);
    }

    /** Forgets {@code path} and, when it is a directory, everything under it. */
    void forget(String path, Node node) {
        nodes.remove(path);
        if (node instanceof Directory) {
            String prefix = path + "/";
            nodes.keySet().removeIf(key -> key.startsWith(prefix));
        }
        generation++;
    }

    /** Changes whenever something is forgotten, so that cached lookups know to look again. */
    int generation() {
        return generation;
    }

    Map<String, Node> nodes() {
        return nodes;
    }
}
