package dev.hako.snapshots;

import dev.hako.errdefs.HakoException;
import dev.hako.metadata.SnapshotRecord;
import dev.hako.metadata.SnapshotRecords;
import dev.hako.sys.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Snapshots as overlayfs layers: {@code root/<id>/fs} holds a layer's files (whiteouts in overlay's
 * own format) and {@code root/<id>/work} is overlay's workdir. Short numeric directory names keep
 * the lowerdir option of deep images within the mount data limit.
 *
 * <p>Crash safety: a row is written before its directory is made, and deleted before its
 * directory is removed, so {@link #removeOrphans} can repair any interrupted step. Every active
 * snapshot has a {@code work} directory, so its mounts can be mounted as they are.
 */
public final class OverlaySnapshotter implements Snapshotter {
    private final Path root;
    private final SnapshotRecords records;

    public OverlaySnapshotter(Path root, SnapshotRecords records) throws IOException {
        this.root = root;
        this.records = records;
        Files.createDirectories(root);
    }

    public Path root() {
        return root;
    }

    @Override
    public List<Mount> prepare(String key, String parent) throws IOException {
        requireCommittedParent(parent);
        create(key, parent, SnapshotRecord.Kind.ACTIVE);
        return mounts(key);
    }

    @Override
    public List<Mount> view(String key, String parent) throws IOException {
        if (parent == null) {
            throw HakoException.invalid("a view needs a parent snapshot");
        }
        requireCommittedParent(parent);
        create(key, parent, SnapshotRecord.Kind.VIEW);
        return mounts(key);
    }

    @Override
    public List<Mount> prepareUnpack(String key, String parent) throws IOException {
        SnapshotRecord row = create(key, parent, SnapshotRecord.Kind.ACTIVE);
        return List.of(new Mount("bind", fs(row).toString(), List.of("rbind", "rw")));
    }

    private void requireCommittedParent(String parent) {
        if (parent != null) {
            SnapshotRecord p = records.get(parent)
                    .orElseThrow(() -> HakoException.notFound("parent snapshot %s not found", parent));
            if (p.kind() != SnapshotRecord.Kind.COMMITTED) {
                throw HakoException.precondition("parent snapshot %s is not committed", parent);
            }
        }
    }

    private SnapshotRecord create(String key, String parent, SnapshotRecord.Kind kind) throws IOException {
        SnapshotRecord row = records.insert(key, parent, kind);
        Path dir = directory(row);
        try {
            Files.createDirectories(dir.resolve("fs"));
            if (kind == SnapshotRecord.Kind.ACTIVE) {
                Files.createDirectories(dir.resolve("work"));
            }
        } catch (IOException | RuntimeException e) {
            records.delete(key);
            FileTrees.deleteRecursively(dir);
            throw e;
        }
        return row;
    }

    @Override
    public List<Mount> mounts(String key) throws IOException {
        SnapshotRecord row = require(key);
        return switch (row.kind()) {
            case ACTIVE -> row.parent() == null
                    ? List.of(new Mount("bind", fs(row).toString(), List.of("rbind", "rw")))
                    : List.of(new Mount("overlay", "overlay", List.of(
                            "index=off",
                            "workdir=" + directory(row).resolve("work"),
                            "upperdir=" + fs(row),
                            "lowerdir=" + join(layerDirectories(committedParent(row))))));
            case VIEW -> readOnly(layerDirectories(row.parent()));
            case COMMITTED -> readOnly(layerDirectories(row.key()));
        };
    }

    /** A read-only stack: a bind mount of a single layer (overlay needs two lower layers at least). */
    private static List<Mount> readOnly(List<Path> layers) {
        if (layers.size() == 1) {
            return List.of(new Mount("bind", layers.getFirst().toString(), List.of("rbind", "ro")));
        }
        return List.of(new Mount("overlay", "overlay", List.of("lowerdir=" + join(layers))));
    }

    /** The parent of an active snapshot, which an unpack's may not have committed yet. */
    private String committedParent(SnapshotRecord row) {
        boolean committed = records.get(row.parent()).filter(p -> p.kind() == SnapshotRecord.Kind.COMMITTED).isPresent();
        if (!committed) {
            throw HakoException.precondition("parent snapshot %s of %s is not committed yet", row.parent(), row.key());
        }
        return row.parent();
    }

    @Override
    public Snapshot commit(String name, String key) throws IOException {
        SnapshotRecord row = require(key);
        if (row.parent() != null) {
            SnapshotRecord p = records.get(row.parent())
                    .orElseThrow(() -> HakoException.precondition("parent snapshot %s of %s is missing", row.parent(), key));
            if (p.kind() != SnapshotRecord.Kind.COMMITTED) {
                throw HakoException.precondition("parent snapshot %s of %s is not committed", row.parent(), key);
            }
        }
        Path dir = directory(row);
        long size = diskUsage(dir.resolve("fs"));
        SnapshotRecord committed = records.commit(key, name, size);
        FileTrees.deleteRecursively(dir.resolve("work"));
        return toSnapshot(committed);
    }

    @Override
    public void remove(String key) throws IOException {
        SnapshotRecord row = records.delete(key)
                .orElseThrow(() -> HakoException.notFound("snapshot %s not found", key));
        FileTrees.deleteRecursively(directory(row));
    }

    @Override
    public Optional<Snapshot> stat(String key) {
        return records.get(key).map(this::toSnapshot);
    }

    @Override
    public List<Snapshot> list() {
        return records.list().stream().map(this::toSnapshot).toList();
    }

    /** The layer directories of committed {@code name} and its ancestors, topmost first. */
    private List<Path> layerDirectories(String name) {
        List<Path> dirs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String current = name;
        while (current != null) {
            if (!seen.add(current)) {
                throw HakoException.precondition("snapshot %s has a parent cycle", name);
            }
            SnapshotRecord row = require(current);
            if (row.kind() != SnapshotRecord.Kind.COMMITTED) {
                throw HakoException.precondition("snapshot %s is not committed", current);
            }
            dirs.add(fs(row));
            current = row.parent();
        }
        return dirs;
    }

    @Override
    public List<String> removeOrphans(String activePrefix) throws IOException {
        List<String> removed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        // Children first, so a parent is never removed while a child still names it.
        List<SnapshotRecord> rows = new ArrayList<>(records.list());
        rows.sort((a, b) -> Long.compare(b.id(), a.id()));
        for (SnapshotRecord row : rows) {
            Path dir = directory(row);
            boolean interrupted = row.kind() == SnapshotRecord.Kind.ACTIVE && row.key().startsWith(activePrefix);
            boolean lost = !Files.isDirectory(dir.resolve("fs"));
            if ((interrupted || lost) && records.children(row.key()).isEmpty()) {
                records.delete(row.key());
                FileTrees.deleteRecursively(dir);
                removed.add(row.key());
            } else {
                ids.add(Long.toString(row.id()));
            }
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (!ids.contains(d.getFileName().toString())) {
                    FileTrees.deleteRecursively(d);
                    removed.add(d.toString());
                }
            }
        }
        return removed;
    }

    private SnapshotRecord require(String key) {
        return records.get(key).orElseThrow(() -> HakoException.notFound("snapshot %s not found", key));
    }

    private Path directory(SnapshotRecord r) {
        return root.resolve(Long.toString(r.id()));
    }

    private Path fs(SnapshotRecord r) {
        return directory(r).resolve("fs");
    }

    private Snapshot toSnapshot(SnapshotRecord r) {
        return new Snapshot(r.key(), r.parent(), Snapshot.Kind.valueOf(r.kind().name()), r.size(), r.createdAt());
    }

    private static String join(List<Path> dirs) {
        StringBuilder sb = new StringBuilder();
        for (Path p : dirs) {
            if (!sb.isEmpty()) {
                sb.append(':');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    /** Apparent size of the files under {@code dir}, as docker reports image sizes. */
    static long diskUsage(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
