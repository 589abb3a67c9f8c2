package dev.hako.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.archive.NonClosingOutputStream;
import dev.hako.content.ContentStore;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.Index;
import dev.hako.oci.Json;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Reference;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hako save}: an OCI image layout as a tar stream ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/...}), plus docker's {@code manifest.json} so {@code docker load} reads it too.
 */
final class ArchiveWriter {
    static final String CONTAINERD_NAME = "io.containerd.image.name";
    static final String OCI_REF_NAME = "org.opencontainers.image.ref.name";

    private final ContentStore content;
    private final LocalImages images;

    ArchiveWriter(ContentStore content, LocalImages images) {
        this.content = content;
        this.images = images;
    }

    void write(List<Image> toSave, OutputStream out) throws IOException {
        Set<Digest> blobs = new LinkedHashSet<>();
        Map<String, Descriptor> blobDescriptors = new LinkedHashMap<>();
        List<Descriptor> indexEntries = new ArrayList<>();
        ArrayNode dockerManifest = Json.MAPPER.createArrayNode();
        for (Image image : toSave) {
            Descriptor top = completeTop(image);
            collect(top, blobs, blobDescriptors);
            Reference ref = Reference.parseExact(image.name());
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(CONTAINERD_NAME, image.name());
            if (ref.tag() != null) {
                annotations.put(OCI_REF_NAME, ref.tag());
            }
            indexEntries.add(top.withAnnotations(annotations));
            ObjectNode entry = dockerManifest.addObject();
            entry.put("Config", blobPath(image.manifest().config().digest()));
            ArrayNode tags = entry.putArray("RepoTags");
            if (ref.tag() != null && ref.digest() == null) {
                tags.add(ref.familiarName() + ":" + ref.tag());
            }
            ArrayNode layers = entry.putArray("Layers");
            image.layers().forEach(l -> layers.add(blobPath(l.digest())));
        }
        // Every entry is root's, dated now to the second (a fraction would cost a PAX header each).
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (TarWriter tar = new TarWriter(new NonClosingOutputStream(out))) {
            tar.add(TarEntry.directory("blobs/").withModified(now));
            tar.add(TarEntry.directory("blobs/sha256/").withModified(now));
            for (Digest d : blobs) {
                long size = content.info(d).orElseThrow().size();
                tar.putEntry(TarEntry.file(blobPath(d), size).withModified(now));
                try (InputStream in = content.open(d)) {
                    in.transferTo(tar);
                }
                tar.closeEntry();
            }
            byte[] layout = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
            tar.add(TarEntry.file("oci-layout", layout.length).withModified(now), layout);
            byte[] index = Json.write(new Index(2, MediaTypes.OCI_INDEX, null, indexEntries, null));
            tar.add(TarEntry.file("index.json", index.length).withModified(now), index);
            byte[] manifest = Json.write(dockerManifest);
            tar.add(TarEntry.file("manifest.json", manifest.length).withModified(now), manifest);
            tar.finish();
        }
    }

    /** The index when every platform is stored, else the one platform manifest that is. */
    private Descriptor completeTop(Image image) throws IOException {
        if (!MediaTypes.isIndex(image.target().mediaType())) {
            return image.target();
        }
        for (Descriptor child : images.index(image.target()).manifests()) {
            if (content.info(child.digest()).isEmpty()) {
                return image.manifestDescriptor();
            }
        }
        return image.target();
    }

    private void collect(Descriptor d, Set<Digest> blobs, Map<String, Descriptor> seen) throws IOException {
        if (!blobs.add(d.digest())) {
            return;
        }
        seen.put(d.digest().toString(), d);
        if (MediaTypes.isIndex(d.mediaType())) {
            for (Descriptor child : images.index(d).manifests()) {
                collect(child, blobs, seen);
            }
        } else if (MediaTypes.isManifest(d.mediaType())) {
            Manifest m = images.manifest(d);
            blobs.add(m.config().digest());
            for (Descriptor layer : m.layers()) {
                if (content.info(layer.digest()).isEmpty()) {
                    throw dev.hako.errdefs.HakoException.precondition(
                            "layer %s is not stored; pull the image again before saving it", layer.digest());
                }
                blobs.add(layer.digest());
            }
        }
    }

    static String blobPath(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.encoded();
    }
}
