package dev.hako.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageContentSizeTest {
    private static final Descriptor CONFIG = blob("application/vnd.oci.image.config.v1+json", "config", 1_000);
    private static final Descriptor LAYER_1 = blob(MediaTypes.OCI_LAYER_GZIP, "layer-1", 700_000);
    private static final Descriptor LAYER_2 = blob(MediaTypes.OCI_LAYER_GZIP, "layer-2", 300_000);
    private static final Manifest MANIFEST = new Manifest(MediaTypes.OCI_MANIFEST, CONFIG, List.of(LAYER_1, LAYER_2));

    @Test
    void aManifestsImageIsItsManifestConfigAndCompressedLayers() {
        Descriptor manifest = blob(MediaTypes.OCI_MANIFEST, "manifest", 500);
        assertEquals(500 + 1_000 + 700_000 + 300_000, image(manifest, manifest).contentSize());
    }

    @Test
    void anIndexCountsWithThePlatformsManifestOnly() {
        Descriptor index = blob(MediaTypes.OCI_INDEX, "index", 1_500);
        Descriptor manifest = blob(MediaTypes.OCI_MANIFEST, "manifest", 500);
        assertEquals(1_500 + 500 + 1_000 + 700_000 + 300_000, image(index, manifest).contentSize());
    }

    private static Image image(Descriptor target, Descriptor manifest) {
        ImageConfig config = new ImageConfig(null, null, "amd64", "linux", null, null, null,
                new ImageConfig.RootFs("layers", List.of(Digest.sha256(new byte[] {1}), Digest.sha256(new byte[] {2}))), null);
        return new Image("example.com/app:1", target, manifest, MANIFEST, config, new byte[0], Instant.EPOCH);
    }

    private static Descriptor blob(String mediaType, String content, long size) {
        return new Descriptor(mediaType, Digest.sha256(content.getBytes(StandardCharsets.UTF_8)), size);
    }
}
