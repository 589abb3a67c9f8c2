package dev.hako.images;

import dev.hako.content.MemoryContentStore;
import dev.hako.metadata.Database;
import dev.hako.metadata.ImageRecords;
import dev.hako.oci.Platform;
import dev.hako.registry.MemoryCredentialStore;
import dev.hako.registry.RegistryClient;
import dev.hako.registry.RegistryConfig;
import dev.hako.snapshots.DirectorySnapshotter;
import dev.hako.snapshots.LayerStack;
import dev.hako.snapshots.Snapshot;
import dev.hako.oci.Digest;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image service on fakes: blobs in memory, snapshots as plain directories, a registry in
 * memory, layers written as plain files; only the names are in a real (temporary) database. No
 * root, no network.
 */
final class ImageServiceFixture implements AutoCloseable {
    static final Platform PLATFORM = new Platform("linux", "amd64", null);

    final MemoryContentStore content = new MemoryContentStore();
    final DirectorySnapshotter snapshots;
    final FakeRegistry registry = new FakeRegistry();
    final PlainDiffApplier applier = new PlainDiffApplier();
    final Database db;
    final ImageRecords records;
    final LocalImageService images;

    ImageServiceFixture(Path dir) throws IOException {
        snapshots = new DirectorySnapshotter(dir.resolve("snapshots"));
        db = Database.open(dir.resolve("metadata.db"));
        records = new ImageRecords(db);
        RegistryClient unused = new RegistryClient(RegistryConfig.empty(), new MemoryCredentialStore());
        images = new LocalImageService(content, snapshots, records, unused, registry, applier,
                new ImagesConfig(3, PLATFORM));
    }

    static LayerBuilder layer() {
        return new LayerBuilder();
    }

    static LayerBuilder file(LayerBuilder layer, String name, String content) {
        return layer.file(name, content);
    }

    static LayerBuilder dir(LayerBuilder layer, String name) {
        return layer.dir(name, 0755);
    }

    /** The files under {@code image}'s top chain as a mount of it shows them, relative paths; no whiteouts here. */
    Set<String> files(String chainId) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path layer : LayerStack.of(snapshots.mounts(chainId)).lowers()) {
            try (var walk = Files.walk(layer)) {
                walk.filter(p -> !p.equals(layer)).forEach(p -> out.add(layer.relativize(p).toString()));
            }
        }
        return out;
    }

    /** The layer directories of committed {@code chainId}, topmost first. */
    List<Path> snapshotsLowers(String chainId) throws IOException {
        return LayerStack.of(snapshots.mounts(chainId)).lowers();
    }

    /** Every blob a pull of {@code image} stores: manifest, config and layers. */
    static Set<Digest> blobsOf(TestImage image) {
        Set<Digest> out = new TreeSet<>();
        out.add(image.manifest().digest());
        image.blobs().forEach(b -> out.add(b.digest()));
        return out;
    }

    List<String> committed() {
        return snapshots.list().stream().filter(s -> s.kind() == Snapshot.Kind.COMMITTED).map(Snapshot::key).sorted().toList();
    }

    List<Snapshot> active() {
        return snapshots.list().stream().filter(s -> s.kind() != Snapshot.Kind.COMMITTED).toList();
    }

    @Override
    public void close() {
        images.close();
        db.close();
    }
}
