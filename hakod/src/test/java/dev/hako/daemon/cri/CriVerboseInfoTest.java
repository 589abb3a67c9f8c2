package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.images.Image;
import dev.hako.oci.ChainIds;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriVerboseInfoTest {
    @Test
    void anImagesInfoIsItsChainIdAndItsConfigAsStored() throws Exception {
        Digest diffId = Digest.sha256(new byte[] {1});
        // As stored: key order, a field hako does not model ("container_config"), history.
        String stored = """
                {"architecture":"amd64","os":"linux","author":"kit","created":"2026-01-02T03:04:05Z",\
                "config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"container_config":{"Cmd":["x"]},\
                "rootfs":{"type":"layers","diff_ids":["%s"]},"history":[{"created_by":"umoci insert"}]}"""
                .formatted(diffId);
        byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
        Descriptor config = new Descriptor("application/vnd.oci.image.config.v1+json", Digest.sha256(bytes), bytes.length);
        Descriptor layer = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[] {2}), 10);
        Descriptor target = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {3}), 5);
        Image image = new Image("example.com/app:1", target, target,
                new Manifest(MediaTypes.OCI_MANIFEST, config, List.of(layer)), ImageConfig.parse(bytes, "config"), bytes,
                Instant.EPOCH);

        var info = CriVerboseInfo.MAPPER.readTree(CriVerboseInfo.image(image));
        assertEquals(List.of("chainID", "imageSpec"), List.copyOf(iterable(info.fieldNames())));
        assertEquals(ChainIds.of(List.of(diffId)).getLast().toString(), info.get("chainID").asText());
        assertEquals(CriVerboseInfo.MAPPER.readTree(stored), info.get("imageSpec"));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
