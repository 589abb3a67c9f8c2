package dev.hako.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The fake that services' unit tests use keeps the same contract as the overlay snapshotter. */
class DirectorySnapshotterTest extends SnapshotterContract {
    private Path root;

    @Override
    protected Snapshotter open(Path root) throws IOException {
        this.root = root;
        return new DirectorySnapshotter(root);
    }

    @Override
    protected Set<String> stored() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
