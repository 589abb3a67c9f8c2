package dev.hako.daemon.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.images.Image;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The "info" JSON of the verbose status calls (what {@code crictl inspecti}, {@code inspectp} and
 * {@code inspect} show beside the status), keyed as containerd's CRI keys it, so that an operator
 * reads the same document on either runtime.
 */
final class CriVerboseInfo {
    static final ObjectMapper MAPPER = dev.hako.oci.Json.MAPPER;

    private CriVerboseInfo() {}

    /** ImageStatus: the image's chain ID (its top layer's) and its config as stored. */
    static String image(Image image) {
        ObjectNode info = MAPPER.createObjectNode();
        String top = image.topChainId();
        info.put("chainID", top == null ? "" : top);
        info.set("imageSpec", json(image.configBytes()));
        return info.toString();
    }

    static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON that does not parse", e);
        }
    }
}
