package dev.hako.images;

import dev.hako.content.ContentInfo;
import dev.hako.content.ContentStore;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ImageRecord;
import dev.hako.oci.ChainIds;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Index;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import dev.hako.snapshots.Snapshot;
import dev.hako.snapshots.Snapshotter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds what no image name reaches (blobs by digest, committed snapshots by chain ID) and removes
 * it. Names are the roots; everything is reached through stored manifests and configs. What a
 * running operation holds ({@link Leases}) is kept too. Collections run under
 * {@link Leases#collecting}.
 */
final class GarbageCollector {
    private final ContentStore content;
    private final Snapshotter snapshots;
    private final LocalImages images;
    private final Leases leases;

    GarbageCollector(ContentStore content, Snapshotter snapshots, LocalImages images, Leases leases) {
        this.content = content;
        this.snapshots = snapshots;
        this.images = images;
        this.leases = leases;
    }

    /** What the image names reach right now. */
    record Reachable(Set<Digest> blobs, Set<String> snapshots) {}

    /** What removing something freed. */
    record Collected(List<Digest> blobs, List<String> snapshots, long bytes) {}

    Reachable reachable() throws IOException {
        Set<Digest> blobs = new HashSet<>();
        Set<String> chains = new HashSet<>();
        for (ImageRecord r : images.records()) {
            walk(new Descriptor(r.targetMediaType(), Digest.parse(r.targetDigest()), r.targetSize()), blobs, chains);
        }
        return new Reachable(blobs, chains);
    }

    /** The blobs and chains reached from {@code target}, as far as they are stored. */
    Reachable reachableFrom(Descriptor target) throws IOException {
        Set<Digest> blobs = new LinkedHashSet<>();
        Set<String> chains = new LinkedHashSet<>();
        walk(target, blobs, chains);
        return new Reachable(blobs, chains);
    }

    private void walk(Descriptor d, Set<Digest> blobs, Set<String> chains) throws IOException {
        if (!blobs.add(d.digest()) || content.info(d.digest()).isEmpty()) {
            return;
        }
        try {
            if (MediaTypes.isIndex(d.mediaType())) {
                Index index = images.index(d);
                for (Descriptor child : index.manifests()) {
                    walk(child, blobs, chains);
                }
            } else if (MediaTypes.isManifest(d.mediaType())) {
                Manifest m = images.manifest(d);
                blobs.add(m.config().digest());
                m.layers().forEach(l -> blobs.add(l.digest()));
                if (content.info(m.config().digest()).isPresent()) {
                    ImageConfig config = ImageConfig.parse(
                            content.read(m.config().digest(), LocalImages.MAX_CONFIG_BYTES), "config");
                    ChainIds.of(config.diffIds()).forEach(c -> chains.add(c.toString()));
                }
            }
        } catch (HakoException e) {
            // unreadable content reaches nothing further; it is kept while a name points at it
        }
    }

    /** Every blob and committed snapshot in the store now, reached or not. */
    Reachable present() throws IOException {
        Set<Digest> blobs = new HashSet<>();
        for (ContentInfo info : content.list()) {
            blobs.add(info.digest());
        }
        Set<String> chains = new HashSet<>();
        for (Snapshot s : snapshots.list()) {
            if (s.kind() == Snapshot.Kind.COMMITTED) {
                chains.add(s.key());
            }
        }
        return new Reachable(blobs, chains);
    }

    /** What is present now and was not in {@code before}. */
    Reachable presentExcept(Reachable before) throws IOException {
        Reachable now = present();
        Set<Digest> blobs = new LinkedHashSet<>(now.blobs());
        blobs.removeAll(before.blobs());
        Set<String> chains = new LinkedHashSet<>(now.snapshots());
        chains.removeAll(before.snapshots());
        return new Reachable(blobs, chains);
    }

    /** Removes the given candidates that nothing reaches any more and no running operation holds. */
    Collected collect(Reachable candidates) throws IOException {
        Reachable keep = reachable();
        Reachable held = leases.held();
        Set<Digest> blobs = new LinkedHashSet<>(candidates.blobs());
        blobs.removeAll(keep.blobs());
        blobs.removeAll(held.blobs());
        Set<String> chains = new LinkedHashSet<>(candidates.snapshots());
        chains.removeAll(keep.snapshots());
        chains.removeAll(held.snapshots());
        return remove(blobs, chains);
    }

    /** Removes every blob and committed snapshot that nothing reaches. */
    Collected prune() throws IOException {
        return collect(present());
    }

    private Collected remove(Set<Digest> blobs, Set<String> chains) throws IOException {
        long bytes = 0;
        List<Digest> removedBlobs = new ArrayList<>();
        for (Digest d : blobs) {
            var info = content.info(d);
            if (info.isPresent() && content.delete(d)) {
                bytes += info.get().size();
                removedBlobs.add(d);
            }
        }
        // Children before parents: a snapshot with children cannot go.
        Map<String, Snapshot> byKey = new HashMap<>();
        for (Snapshot s : snapshots.list()) {
            byKey.put(s.key(), s);
        }
        List<String> ordered = new ArrayList<>(chains);
        ordered.removeIf(k -> !byKey.containsKey(k));
        ordered.sort(Comparator.comparingInt((String k) -> depth(k, byKey)).reversed());
        List<String> removedSnapshots = new ArrayList<>();
        for (String key : ordered) {
            if (!snapshotsWithParent(key).isEmpty()) {
                continue; // still a parent of something kept (a container's layer, another chain)
            }
            bytes += byKey.get(key).size();
            snapshots.remove(key);
            removedSnapshots.add(key);
        }
        return new Collected(removedBlobs, removedSnapshots, bytes);
    }

    private List<Snapshot> snapshotsWithParent(String key) {
        return snapshots.list().stream().filter(s -> key.equals(s.parent())).toList();
    }

    private static int depth(String key, Map<String, Snapshot> byKey) {
        int depth = 0;
        for (Snapshot s = byKey.get(key); s != null && s.parent() != null; s = byKey.get(s.parent())) {
            depth++;
        }
        return depth;
    }
}
