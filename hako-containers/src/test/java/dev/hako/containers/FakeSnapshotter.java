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
 * snapshot a directory of its own whose one mount names its layers. Written against the
 * Snapshotter interface of today; the service uses only prepare, mounts, stat, list, remove and
 * layerDirectories.
 */
final class FakeSnapshotter implements Snapshotter {
    private final Path root;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    volatile IOException failPrepare;

    FakeSnapshotter(Path root) {
        this.root = root;
    }

    /** A committed layer named {@code chainId}; the test puts files into the directory returned. */
    Path commitLayer(String chainId) throws IOException {
        Path dir = Files.createDirectories(root.resolve("layers").resolve(Integer.toString(snapshots.size())));
        snapshots.put(chainId, new Snapshot(chainId, null, Snapshot.Kind.COMMITTED, 0, Instant.now(), dir));
        return dir;
    }

    @Override
    public Snapshot prepare(String key, String parent) throws IOException {
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
        Snapshot s = new Snapshot(key, parent, Snapshot.Kind.ACTIVE, 0, Instant.now(), dir);
        snapshots.put(key, s);
        return s;
    }

    @Override
    public Snapshot view(String key, String parent) {
        throw new UnsupportedOperationException("view");
    }

    /** One mount: the upper directory, then the layers below it (what a fake mounter copies). */
    @Override
    public List<Mount> mounts(String key) throws IOException {
        Snapshot s = stat(key).orElseThrow(() -> HakoException.notFound("snapshot %s not found", key));
        List<String> options = new ArrayList<>();
        options.add("upperdir=" + s.directory());
        if (s.parent() != null) {
            options.add("lowerdir=" + snapshots.get(s.parent()).directory());
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
        if (s.kind() == Snapshot.Kind.ACTIVE) {
            dev.hako.sys.FileTrees.deleteRecursively(s.directory().getParent());
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
    public List<Path> layerDirectories(String name) {
        return List.of(snapshots.get(name).directory());
    }

    List<String> activeKeys() {
        return snapshots.values().stream().filter(s -> s.kind() == Snapshot.Kind.ACTIVE).map(Snapshot::key).sorted().toList();
    }
}
