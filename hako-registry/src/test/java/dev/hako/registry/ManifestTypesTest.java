package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestTypesTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void contentTypeWinsWhenItIsAManifestType() {
        assertEquals(MediaTypes.OCI_INDEX, ManifestTypes.detect(MediaTypes.OCI_INDEX + "; charset=utf-8", bytes("{}")));
        assertEquals(MediaTypes.DOCKER_SCHEMA1_SIGNED, ManifestTypes.detect(MediaTypes.DOCKER_SCHEMA1_SIGNED, bytes("{}")));
    }

    @Test
    void otherwiseTheBodySays() {
        assertEquals(MediaTypes.DOCKER_MANIFEST, ManifestTypes.detect("application/json",
                bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\"}")));
        assertEquals(MediaTypes.DOCKER_SCHEMA1_SIGNED, ManifestTypes.detect("application/json",
                bytes("{\"schemaVersion\":1,\"name\":\"x\",\"signatures\":[]}")));
        assertEquals(MediaTypes.DOCKER_SCHEMA1, ManifestTypes.detect(null, bytes("{\"schemaVersion\":1}")));
        assertEquals(MediaTypes.OCI_INDEX, ManifestTypes.detect("", bytes("{\"schemaVersion\":2,\"manifests\":[]}")));
        assertEquals(MediaTypes.OCI_MANIFEST, ManifestTypes.detect("text/plain",
                bytes("{\"schemaVersion\":2,\"config\":{},\"layers\":[]}")));
        assertEquals("text/plain", ManifestTypes.detect("text/plain", bytes("not json")));
    }
}
