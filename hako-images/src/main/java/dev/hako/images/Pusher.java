package dev.hako.images;

import dev.hako.content.ContentStore;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Index;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Reference;
import dev.hako.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes an image: every blob the registry lacks, then the manifest (and the index, when all of
 * its platforms are stored), tagged last so the tag never points at something incomplete.
 */
final class Pusher {
    private final RegistryClient registry;
    private final ContentStore content;
    private final LocalImages images;

    Pusher(RegistryClient registry, ContentStore content, LocalImages images) {
        this.registry = registry;
        this.content = content;
        this.images = images;
    }

    record Pushed(Reference reference, Descriptor descriptor) {}

    Pushed push(Image image, Reference destination, Progress progress) throws IOException {
        progress.status("The push refers to repository [" + destination.name() + "]");
        Descriptor top = image.manifestDescriptor();
        List<Descriptor> manifests = List.of(image.manifestDescriptor());
        if (MediaTypes.isIndex(image.target().mediaType())) {
            Index index = images.index(image.target());
            List<Descriptor> stored = new ArrayList<>();
            for (Descriptor child : index.manifests()) {
                if (content.info(child.digest()).isPresent()) {
                    stored.add(child);
                }
            }
            if (stored.size() == index.manifests().size()) {
                top = image.target();
                manifests = stored;
            }
        }
        for (Descriptor md : manifests) {
            Manifest m = images.manifest(md);
            for (Descriptor layer : m.layers()) {
                pushBlob(destination, layer, progress, true);
            }
            pushBlob(destination, m.config(), progress, false);
            if (!md.equals(top)) {
                registry.pushManifest(destination.withTag(null).withDigest(md.digest()), md.mediaType(),
                        content.read(md.digest(), LocalImages.MAX_MANIFEST_BYTES));
            }
        }
        byte[] bytes = content.read(top.digest(), LocalImages.MAX_MANIFEST_BYTES);
        registry.pushManifest(destination, top.mediaType(), bytes);
        return new Pushed(destination, top);
    }

    private void pushBlob(Reference destination, Descriptor blob, Progress progress, boolean isLayer) throws IOException {
        String id = blob.digest().shortId();
        if (isLayer) {
            progress.layer(id, Progress.LayerPhase.PREPARING, 0, blob.size());
        }
        if (registry.blobExists(destination, blob.digest())) {
            if (isLayer) {
                progress.layer(id, Progress.LayerPhase.LAYER_ALREADY_EXISTS, blob.size(), blob.size());
            }
            return;
        }
        if (content.info(blob.digest()).isEmpty()) {
            throw HakoException.precondition("blob %s of %s is not stored; pull the image again before pushing it",
                    blob.digest(), destination);
        }
        registry.pushBlob(destination, blob, () -> content.open(blob.digest()),
                n -> {
                    if (isLayer) {
                        progress.layer(id, Progress.LayerPhase.PUSHING, n, blob.size());
                    }
                });
        if (isLayer) {
            progress.layer(id, Progress.LayerPhase.PUSHED, blob.size(), blob.size());
        }
    }
}
