package dev.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformAndManifestTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);
    private static final String D = "sha256:" + "d".repeat(64);

    private static final String INDEX = """
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": [
               {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 10,
                "platform": {"architecture": "arm", "os": "linux", "variant": "v6"}},
               {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 11,
                "platform": {"architecture": "amd64", "os": "linux"}},
               {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 12,
                "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
               {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 13,
                "platform": {"architecture": "unknown", "os": "unknown"}, "annotations": {"x": "attestation"}}
             ], "futureField": true}
            """.formatted(A, B, C, D);

    @Test
    void selectsTheWantedPlatformFromAnIndex() {
        Index index = Index.parse(INDEX.getBytes(StandardCharsets.UTF_8), "test");
        assertEquals(B, select(index, "linux/amd64").orElseThrow().digest().toString());
        assertEquals(C, select(index, "linux/arm64").orElseThrow().digest().toString());
        assertEquals(C, select(index, "linux/aarch64/v8").orElseThrow().digest().toString());
        // 32-bit ARM v7 runs v6 images when no v7 image exists.
        assertEquals(A, select(index, "linux/arm/v7").orElseThrow().digest().toString());
        assertTrue(select(index, "linux/s390x").isEmpty());
        assertTrue(select(index, "windows/amd64").isEmpty());
    }

    private static Optional<Descriptor> select(Index index, String platform) {
        return new PlatformMatcher(Platform.parse(platform)).select(index);
    }

    @Test
    void normalisesArchitectureNames() {
        assertEquals("linux/amd64", Platform.parse("linux/x86_64").toString());
        assertEquals("linux/arm64", Platform.parse("linux/arm64/v8").toString());
        assertEquals("linux/arm/v7", Platform.parse("linux/armhf").toString());
        assertEquals("linux/arm/v7", Platform.parse("linux/arm").toString());
        assertThrows(HakoException.class, () -> Platform.parse("linux"));
        assertThrows(HakoException.class, () -> Platform.parse("linux//v7"));
    }

    @Test
    void parsesManifestsToleratingUnknownFields() {
        String json = """
                {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "%s", "size": 5},
                 "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": "%s", "size": 7,
                             "somethingNew": 1}]}
                """.formatted(A, B);
        Manifest m = Manifest.parse(json.getBytes(StandardCharsets.UTF_8), "test");
        assertEquals(A, m.config().digest().toString());
        assertEquals(7, m.layers().getFirst().size());
    }

    @Test
    void refusesBrokenManifests() {
        HakoException e = assertThrows(HakoException.class,
                () -> Manifest.parse("{\"schemaVersion\": 1}".getBytes(StandardCharsets.UTF_8), "manifest of x"));
        assertTrue(e.getMessage().contains("schemaVersion 1"), e.getMessage());
        e = assertThrows(HakoException.class, () -> Manifest.parse("{not json".getBytes(StandardCharsets.UTF_8), "manifest of x"));
        assertTrue(e.getMessage().startsWith("manifest of x: invalid JSON"), e.getMessage());
        String badDigest = """
                {"schemaVersion": 2, "config": {"mediaType": "x", "digest": "sha256:zz", "size": 1}}""";
        e = assertThrows(HakoException.class, () -> Manifest.parse(badDigest.getBytes(StandardCharsets.UTF_8), "m"));
        assertTrue(e.getMessage().contains("invalid sha256 digest"), e.getMessage());
        String negative = """
                {"schemaVersion": 2, "config": {"mediaType": "x", "digest": "%s", "size": -1}}""".formatted(A);
        e = assertThrows(HakoException.class, () -> Manifest.parse(negative.getBytes(StandardCharsets.UTF_8), "m"));
        assertTrue(e.getMessage().contains("negative size"), e.getMessage());
    }

    @Test
    void readsDiffIdsFromConfig() {
        String json = """
                {"architecture": "amd64", "os": "linux", "config": {"Cmd": ["sh"], "Env": ["A=1"]},
                 "rootfs": {"type": "layers", "diff_ids": ["%s", "%s"]}, "history": [{"created_by": "x"}]}
                """.formatted(A, B);
        ImageConfig c = ImageConfig.parse(json.getBytes(StandardCharsets.UTF_8), "config");
        assertEquals(2, c.diffIds().size());
        assertEquals("linux/amd64", c.platform().toString());
        assertEquals("sh", c.config().cmd().getFirst());
        assertThrows(HakoException.class,
                () -> ImageConfig.parse("{\"rootfs\": {\"type\": \"x\"}}".getBytes(StandardCharsets.UTF_8), "config"));
    }
}
