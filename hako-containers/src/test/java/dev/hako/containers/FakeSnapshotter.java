package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.snapshots.Mount;
import dev.hako.snapshots.Snapshot;
import dev.hako.snapshots.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots as plain directories: a committed layer is a directory the test fills, an active
 * snapshot a directory of its own whose one overlay mount names its layers (what a fake mounter
 * copies). The service uses only prepare, mounts, stat, list and remove.
 */
final class FakeSnapshotter implements Snapshotter {
    private final Path root;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, Path> directories = new ConcurrentHashMap<>();
    volatile IOException failPrepare;

    FakeSnapshotter(Path root) {
        this.root = root;
    }

    /** A committed layer named {@code chainId}; the test puts files into the directory returned. */
    Path commitLayer(String chainId) throws IOException {
        Path dir = Files.createDirectories(root.resolve("layers").resolve(Integer.toString(snapshots.size())));
        snapshots.put(chainId, new Snapshot(chainId, null, Snapshot.Kind.COMMITTED, 0, Instant.now()));
        directories.put(chainId, dir);
        return dir;
    }

    /** The directory that holds a snapshot's files (an active one's upper directory). */
    Path directory(String key) {
        return directories.get(key);
    }

    @Override
    public List<Mount> prepare(String key, String parent) throws IOException {
        if (failPrepare != null) {
            throw failPrepare;
        }
        if (snapshots.containsKey(key)) {
            throw HakoException.alreadyExists("snapshot %s exists", key);
        }
        if (parent != null && !snapshots.containsKey(parent)) {
            throw HakoException.notFound("snapshot %s not found", parent);
        }
        Path dir = Files.createDirectories(root.resolve("active").resolve(key).resolve("fs"));
        snapshots.put(key, new Snapshot(key, parent, Snapshot.Kind.ACTIVE, 0, Instant.now()));
        directories.put(key, dir);
        return mounts(key);
    }

    @Override
    public List<Mount> view(String key, String parent) {
        throw new UnsupportedOperationException("view");
    }

    @Override
    public List<Mount> prepareUnpack(String key, String parent) {
        throw new UnsupportedOperationException("prepareUnpack");
    }

    @Override
    public List<Mount> mounts(String key) throws IOException {
        Snapshot s = stat(key).orElseThrow(() -> HakoException.notFound("snapshot %s not found", key));
        List<String> options = new ArrayList<>();
        options.add("upperdir=" + directories.get(key));
        if (s.parent() != null) {
            options.add("lowerdir=" + directories.get(s.parent()));
        }
        return List.of(new Mount("overlay", "overlay", options));
    }

    @Override
    public Snapshot commit(String name, String key) {
        throw new UnsupportedOperationException("commit");
    }

    @Override
    public void remove(String key) throws IOException {
        Snapshot s = snapshots.remove(key);
        if (s == null) {
            throw HakoException.notFound("snapshot %s not found", key);
        }
        Path dir = directories.remove(key);
        if (s.kind() == Snapshot.Kind.ACTIVE) {
            dev.hako.sys.FileTrees.deleteRecursively(dir.getParent());
        }
    }

    @Override
    public Optional<Snapshot> stat(String key) {
        return Optional.ofNullable(snapshots.get(key));
    }

    @Override
    public List<Snapshot> list() {
        return List.copyOf(snapshots.values());
    }

    @Override
    public List<String> removeOrphans(String activePrefix) {
        throw new UnsupportedOperationException("removeOrphans");
    }

    List<String> activeKeys() {
        return snapshots.values().stream().filter(s -> s.kind() == Snapshot.Kind.ACTIVE).map(Snapshot::key).sorted().toList();
    }
}
