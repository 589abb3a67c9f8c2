package dev.hako.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.metadata.ImageRecord;
import dev.hako.oci.Digest;
import dev.hako.oci.Json;
import dev.hako.oci.Reference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The docker-shaped JSON of {@code hako image inspect}. */
final class ImageInspector {
    private final ImageSizes sizes;

    ImageInspector(ImageSizes sizes) {
        this.sizes = sizes;
    }

    String inspect(Image image, List<ImageRecord> names, List<Path> layerDirectories) throws IOException {
        JsonNode raw = Json.MAPPER.readTree(image.configBytes());
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("Id", image.id().toString());
        ArrayNode tags = o.putArray("RepoTags");
        ArrayNode digests = o.putArray("RepoDigests");
        for (ImageRecord r : names) {
            Reference ref = Reference.parseExact(r.name());
            if (ref.tag() != null && ref.digest() == null) {
                tags.add(ref.familiarName() + ":" + ref.tag());
            }
            String repoDigest = ref.familiarName() + "@" + r.targetDigest();
            if (!contains(digests, repoDigest)) {
                digests.add(repoDigest);
            }
        }
        o.put("Parent", "");
        o.put("Comment", raw.path("comment").asText(""));
        o.put("Created", raw.path("created").asText(""));
        o.put("DockerVersion", raw.path("docker_version").asText(""));
        o.put("Author", raw.path("author").asText(""));
        o.set("Config", raw.path("config").isMissingNode() ? Json.MAPPER.createObjectNode() : raw.path("config"));
        o.put("Architecture", raw.path("architecture").asText(""));
        if (raw.hasNonNull("variant")) {
            o.put("Variant", raw.path("variant").asText());
        }
        o.put("Os", raw.path("os").asText(""));
        o.put("Size", sizes.size(image));
        ObjectNode graph = o.putObject("GraphDriver");
        graph.put("Name", "overlayfs");
        ObjectNode data = graph.putObject("Data");
        if (!layerDirectories.isEmpty()) {
            data.put("LowerDir", String.join(":", layerDirectories.stream().map(Path::toString).toList()));
        }
        ObjectNode rootfs = o.putObject("RootFS");
        rootfs.put("Type", "layers");
        ArrayNode layers = rootfs.putArray("Layers");
        for (Digest d : image.config().diffIds()) {
            layers.add(d.toString());
        }
        ObjectNode descriptor = o.putObject("Descriptor");
        descriptor.put("mediaType", image.target().mediaType());
        descriptor.put("digest", image.target().digest().toString());
        descriptor.put("size", image.target().size());
        ArrayNode manifestLayers = o.putObject("Manifest").put("digest", image.manifestDescriptor().digest().toString())
                .put("mediaType", image.manifestDescriptor().mediaType()).putArray("Layers");
        image.layers().forEach(l -> manifestLayers.addObject()
                .put("mediaType", l.mediaType()).put("digest", l.digest().toString()).put("size", l.size()));
        o.putObject("Metadata").put("LastTagTime", names.isEmpty() ? "" : names.getFirst().updatedAt().toString());
        return Json.pretty(o);
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
