package dev.hako.snapshots;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The fake snapshotter for services' unit tests: records in memory, each snapshot's own files in a
 * plain directory {@code root/<n>}, mounts described as the kernel would take them (an overlay
 * over the parents' directories, or a bind mount). No database and no root; it passes
 * {@link SnapshotterContract}, so what a service's test sees of it is what the overlay snapshotter
 * would do.
 */
public final class DirectorySnapshotter implements Snapshotter {
    private record Entry(long id, Snapshot snapshot) {}

    private final Path root;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public DirectorySnapshotter(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
    }

    @Override
    public synchronized List<Mount> prepare(String key, String parent) throws IOException {
        requireCommitted(parent);
        create(key, parent, Snapshot.Kind.ACTIVE);
        return mounts(key);
    }

    @Override
    public synchronized List<Mount> view(String key, String parent) throws IOException {
        if (parent == null) {
            throw HakoException.invalid("a view needs a parent snapshot");
        }
        requireCommitted(parent);
        create(key, parent, Snapshot.Kind.VIEW);
        return mounts(key);
    }

    @Override
    public synchronized List<Mount> prepareUnpack(String key, String parent) throws IOException {
        Entry e = create(key, parent, Snapshot.Kind.ACTIVE);
        return List.of(new Mount("bind", files(e).toString(), List.of("rbind", "rw")));
    }

    @Override
    public synchronized List<Mount> mounts(String key) throws IOException {
        Entry e = require(key);
        Snapshot s = e.snapshot();
        return switch (s.kind()) {
            case ACTIVE -> {
                if (s.parent() == null) {
                    yield List.of(new Mount("bind", files(e).toString(), List.of("rbind", "rw")));
                }
                if (!isCommitted(s.parent())) {
                    throw HakoException.precondition("parent snapshot %s of %s is not committed yet", s.parent(), key);
                }
                yield List.of(new Mount("overlay", "overlay", List.of("workdir=" + work(e), "upperdir=" + files(e),
                        "lowerdir=" + String.join(":", layers(s.parent())))));
            }
            case VIEW -> readOnly(layers(s.parent()));
            case COMMITTED -> readOnly(layers(key));
        };
    }

    @Override
    public synchronized Snapshot commit(String name, String key) throws IOException {
        Entry e = require(key);
        Snapshot s = e.snapshot();
        if (s.kind() != Snapshot.Kind.ACTIVE) {
            throw HakoException.precondition("snapshot %s is not active", key);
        }
        if (s.parent() != null && !isCommitted(s.parent())) {
            throw HakoException.precondition("parent snapshot %s of %s is not committed", s.parent(), key);
        }
        if (entries.containsKey(name)) {
            throw HakoException.alreadyExists("snapshot %s already exists", name);
        }
        long size;
        try (Stream<Path> walk = Files.walk(files(e))) {
            size = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        FileTrees.deleteRecursively(work(e));
        Snapshot committed = new Snapshot(name, s.parent(), Snapshot.Kind.COMMITTED, size, s.createdAt());
        entries.remove(key);
        entries.put(name, new Entry(e.id(), committed));
        return committed;
    }

    @Override
    public synchronized void remove(String key) throws IOException {
        Entry e = require(key);
        for (Entry other : entries.values()) {
            if (key.equals(other.snapshot().parent())) {
                throw HakoException.precondition("snapshot %s has a child %s", key, other.snapshot().key());
            }
        }
        entries.remove(key);
        FileTrees.deleteRecursively(directory(e));
    }

    @Override
    public synchronized Optional<Snapshot> stat(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::snapshot);
    }

    @Override
    public synchronized List<Snapshot> list() {
        return entries.values().stream().map(Entry::snapshot).toList();
    }

    @Override
    public synchronized List<String> removeOrphans(String activePrefix) throws IOException {
        List<String> removed = new ArrayList<>();
        List<Entry> newestFirst = new ArrayList<>(entries.values());
        newestFirst.sort((a, b) -> Long.compare(b.id(), a.id()));
        for (Entry e : newestFirst) {
            Snapshot s = e.snapshot();
            boolean interrupted = s.kind() == Snapshot.Kind.ACTIVE && s.key().startsWith(activePrefix);
            boolean lost = !Files.isDirectory(files(e));
            boolean hasChildren = entries.values().stream().anyMatch(o -> s.key().equals(o.snapshot().parent()));
            if ((interrupted || lost) && !hasChildren) {
                entries.remove(s.key());
                FileTrees.deleteRecursively(directory(e));
                removed.add(s.key());
            }
        }
        Set<String> known = new HashSet<>();
        entries.values().forEach(e -> known.add(Long.toString(e.id())));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (!known.contains(d.getFileName().toString())) {
                    FileTrees.deleteRecursively(d);
                    removed.add(d.toString());
                }
            }
        }
        return removed;
    }

    private Entry create(String key, String parent, Snapshot.Kind kind) throws IOException {
        if (entries.containsKey(key)) {
            throw HakoException.alreadyExists("snapshot %s already exists", key);
        }
        Entry e = new Entry(ids.incrementAndGet(), new Snapshot(key, parent, kind, 0, Instant.now()));
        Files.createDirectories(files(e));
        if (kind == Snapshot.Kind.ACTIVE) {
            Files.createDirectories(work(e));
        }
        entries.put(key, e);
        return e;
    }

    private void requireCommitted(String parent) {
        if (parent == null) {
            return;
        }
        if (!entries.containsKey(parent)) {
            throw HakoException.notFound("parent snapshot %s not found", parent);
        }
        if (!isCommitted(parent)) {
            throw HakoException.precondition("parent snapshot %s is not committed", parent);
        }
    }

    private boolean isCommitted(String name) {
        Entry e = entries.get(name);
        return e != null && e.snapshot().kind() == Snapshot.Kind.COMMITTED;
    }

    private Entry require(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw HakoException.notFound("snapshot %s not found", key);
        }
        return e;
    }

    /** The directories of committed {@code name} and its ancestors, topmost first. */
    private List<String> layers(String name) {
        List<String> dirs = new ArrayList<>();
        for (String current = name; current != null; current = entries.get(current).snapshot().parent()) {
            if (!isCommitted(current)) {
                throw HakoException.precondition("snapshot %s is not committed", current);
            }
            dirs.add(files(entries.get(current)).toString());
        }
        return dirs;
    }

    private static List<Mount> readOnly(List<String> layers) {
        return layers.size() == 1
                ? List.of(new Mount("bind", layers.getFirst(), List.of("rbind", "ro")))
                : List.of(new Mount("overlay", "overlay", List.of("lowerdir=" + String.join(":", layers))));
    }

    private Path directory(Entry e) {
        return root.resolve(Long.toString(e.id()));
    }

    private Path files(Entry e) {
        return directory(e).resolve("files");
    }

    private Path work(Entry e) {
        return directory(e).resolve("work");
    }
}
