package dev.hako.images;

import dev.hako.snapshots.Snapshot;
import dev.hako.snapshots.Snapshotter;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import java.util.List;

/** An image's size as docker reports it: the unpacked size of its layers (compressed size if not unpacked). */
final class ImageSizes {
    private final Snapshotter snapshots;

    ImageSizes(Snapshotter snapshots) {
        this.snapshots = snapshots;
    }

    long size(Image image) {
        List<Digest> chain = image.chainIds();
        long total = 0;
        for (int i = 0; i < chain.size(); i++) {
            var s = snapshots.stat(chain.get(i).toString());
            if (s.isPresent() && s.get().kind() == Snapshot.Kind.COMMITTED) {
                total += s.get().size();
            } else if (i < image.layers().size()) {
                Descriptor d = image.layers().get(i);
                total += d.size();
            }
        }
        return total;
    }
}
