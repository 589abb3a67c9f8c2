package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Platform;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.Blob;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.ImageFormat;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.LayerCompression;
import dev.hako.testkit.images.TestImage;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pulls from a real registry: formats, compressions, platforms, whiteouts, and what is stored. */
class PullIT extends ImageTestBase {

    @Test
    void pullsAnImageAndListsAndInspectsIt() throws Exception {
        TestImage image = TestImage.builder().cmd("sh").layer(Busybox.rootfs()).build();
        String ref = push("it/busybox", "1", image);

        CliResult pull = hako("pull", ref).requireSuccess();
        assertTrue(pull.stdout().contains("1: Pulling from it/busybox"), pull.stdout());
        assertTrue(pull.stdout().contains("Digest: " + image.manifest().digest()), pull.stdout());
        assertTrue(pull.stdout().contains("Status: Downloaded newer image for " + ref), pull.stdout());
        assertTrue(pull.stdout().strip().endsWith(ref), pull.stdout());

        CliResult images = hako("images").requireSuccess();
        String line = images.stdout().lines().filter(l -> l.startsWith(registry.host() + "/it/busybox ")).findFirst()
                .orElseThrow(() -> new AssertionError(images.stdout()));
        assertTrue(line.contains(" 1 "), line);
        assertTrue(line.contains(image.config().digest().shortId()), line);

        JsonNode inspect = inspect(ref);
        assertEquals(image.config().digest().toString(), inspect.path("Id").asText());
        assertEquals(registry.host() + "/it/busybox:1", inspect.path("RepoTags").get(0).asText());
        assertEquals(registry.host() + "/it/busybox@" + image.manifest().digest(), inspect.path("RepoDigests").get(0).asText());
        assertEquals("sh", inspect.path("Config").path("Cmd").get(0).asText());
        assertEquals(image.diffIds().getFirst().toString(), inspect.path("RootFS").path("Layers").get(0).asText());
        assertTrue(inspect.path("Size").asLong() > Busybox.binary().length, inspect.toString());

        try (OverlayMount root = mount(ref)) {
            assertTrue(Files.isExecutable(root.path("bin/busybox")));
            assertEquals("busybox", Files.readSymbolicLink(root.path("bin/sh")).toString());
            assertEquals("1777", mode(root.path("tmp")));
        }

        CliResult again = hako("pull", ref).requireSuccess();
        assertTrue(again.stdout().contains("Status: Image is up to date for " + ref), again.stdout());
        assertTrue(again.stdout().contains("Already exists"), again.stdout());
        store.assertNothingHalfDone();
    }

    @Test
    void unpacksGzipZstdAndUncompressedLayers() throws Exception {
        TestImage image = TestImage.builder()
                .compression(LayerCompression.GZIP).layer(new LayerBuilder().dir("a", 0755).file("a/gzip.txt", "gzip\n"))
                .compression(LayerCompression.ZSTD).layer(new LayerBuilder().dir("a", 0755).file("a/zstd.txt", "zstd\n"))
                .compression(LayerCompression.NONE).layer(new LayerBuilder().dir("a", 0755).file("a/plain.txt", "plain\n"))
                .build();
        assertEquals(List.of(MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD, MediaTypes.OCI_LAYER),
                image.layers().stream().map(Blob::mediaType).toList());
        String ref = push("it/compression", "1", image);
        hako("pull", ref).requireSuccess();
        try (OverlayMount root = mount(ref)) {
            assertEquals("gzip\n", Files.readString(root.path("a/gzip.txt")));
            assertEquals("zstd\n", Files.readString(root.path("a/zstd.txt")));
            assertEquals("plain\n", Files.readString(root.path("a/plain.txt")));
        }
        store.assertNothingHalfDone();
    }

    @Test
    void pullsDockerSchema2Images() throws Exception {
        TestImage image = TestImage.builder().format(ImageFormat.DOCKER)
                .layer(new LayerBuilder().file("hello", "docker\n")).build();
        String ref = push("it/docker", "v2", image);
        hako("pull", ref).requireSuccess();
        JsonNode inspect = inspect(ref);
        assertEquals(MediaTypes.DOCKER_MANIFEST, inspect.path("Descriptor").path("mediaType").asText());
        assertEquals(image.config().digest().toString(), inspect.path("Id").asText());
        try (OverlayMount root = mount(ref)) {
            assertEquals("docker\n", Files.readString(root.path("hello")));
        }
    }

    @Test
    void selectsThePlatformFromAMultiPlatformIndex() throws Exception {
        TestImage amd64 = TestImage.builder().platform(new Platform("linux", "amd64", null))
                .layer(new LayerBuilder().file("arch", "amd64\n")).build();
        TestImage arm64 = TestImage.builder().platform(new Platform("linux", "arm64", null))
                .layer(new LayerBuilder().file("arch", "arm64\n")).build();
        for (TestImage i : List.of(amd64, arm64)) {
            for (Blob b : i.blobs()) {
                writer.pushBlob("it/multi", b.mediaType(), b.bytes());
            }
            writer.pushManifest("it/multi", i.manifest().digest().toString(), i.manifest().mediaType(), i.manifest().bytes());
        }
        Blob index = TestImage.index(ImageFormat.OCI, List.of(arm64, amd64));
        writer.pushManifest("it/multi", "1", index.mediaType(), index.bytes());
        writer.pushManifest("it/multi", "2", index.mediaType(), index.bytes());
        String ref = registry.host() + "/it/multi:1";

        hako("pull", ref).requireSuccess();
        JsonNode inspect = inspect(ref);
        assertEquals("amd64", inspect.path("Architecture").asText());
        assertEquals(index.digest().toString(), inspect.path("Descriptor").path("digest").asText());
        try (OverlayMount root = mount(ref)) {
            assertEquals("amd64\n", Files.readString(root.path("arch")));
        }
        assertFalse(store.hasBlob(arm64.layers().getFirst().digest().toString()), "the other platform's layer was fetched");

        String other = registry.host() + "/it/multi:2";
        hako("pull", "--platform", "linux/arm64", other).requireSuccess();
        try (OverlayMount root = mount(other)) {
            assertEquals("arm64\n", Files.readString(root.path("arch")));
        }

        CliResult none = hako("pull", "--platform", "linux/s390x", ref);
        assertFails(none, "no matching manifest for linux/s390x");
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesHideLowerFilesInTheOverlay() throws Exception {
        TestImage image = TestImage.builder()
                .layer(new LayerBuilder().dir("etc", 0755).file("etc/keep", "keep\n").file("etc/gone", "gone\n")
                        .dir("data", 0755).file("data/old1", "1").dir("data/sub", 0700).file("data/sub/old2", "2"))
                .layer(new LayerBuilder().whiteout("etc/gone").dir("data", 0750).opaque("data").file("data/new", "new\n"))
                .build();
        String ref = push("it/whiteout", "1", image);
        hako("pull", ref).requireSuccess();

        JsonNode inspect = inspect(ref);
        String upper = inspect.path("GraphDriver").path("Data").path("LowerDir").asText().split(":")[0];
        var whiteout = Files.readAttributes(java.nio.file.Path.of(upper, "etc/gone"), "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0020000, (int) whiteout.get("mode") & 0170000, "whiteout is a character device");
        assertEquals(0L, ((Number) whiteout.get("rdev")).longValue(), "whiteout is device 0:0");

        try (OverlayMount root = mount(ref)) {
            assertEquals("keep\n", Files.readString(root.path("etc/keep")));
            assertFalse(Files.exists(root.path("etc/gone"), LinkOption.NOFOLLOW_LINKS), "whited-out file still visible");
            assertEquals("new\n", Files.readString(root.path("data/new")));
            assertFalse(Files.exists(root.path("data/old1"), LinkOption.NOFOLLOW_LINKS), "opaque dir shows a lower file");
            assertFalse(Files.exists(root.path("data/sub"), LinkOption.NOFOLLOW_LINKS), "opaque dir shows a lower dir");
            assertEquals("0750", mode(root.path("data")));
        }
    }

    @Test
    void layersSharedBetweenImagesAreStoredOnce() throws Exception {
        byte[] base = Busybox.rootfs().build();
        TestImage one = TestImage.builder().layer(base).layer(new LayerBuilder().file("one", "1")).build();
        TestImage two = TestImage.builder().layer(base).layer(new LayerBuilder().file("two", "2")).build();
        String ref1 = push("it/shared", "one", one);
        String ref2 = push("it/shared", "two", two);
        hako("pull", ref1).requireSuccess();
        int before = store.snapshotRows().size();
        CliResult second = hako("pull", ref2).requireSuccess();
        assertTrue(second.stdout().contains(one.layers().getFirst().digest().shortId() + ": Already exists"), second.stdout());
        assertEquals(before + 1, store.snapshotRows().size(), "the shared base layer was unpacked twice");
        String lower1 = inspect(ref1).path("GraphDriver").path("Data").path("LowerDir").asText();
        String lower2 = inspect(ref2).path("GraphDriver").path("Data").path("LowerDir").asText();
        assertEquals(lower1.split(":")[1], lower2.split(":")[1], "both images sit on the same base snapshot");
    }

    @Test
    void schema1ManifestsAreRefused() throws Exception {
        byte[] layer = dev.hako.testkit.images.LayerCompression.GZIP.compress(new LayerBuilder().file("old", "1").build());
        dev.hako.oci.Digest digest = writer.pushBlob("it/schema1", layer);
        writer.pushManifest("it/schema1", "old", dev.hako.testkit.registry.Schema1Manifest.MEDIA_TYPE,
                dev.hako.testkit.registry.Schema1Manifest.signed("it/schema1", "old", digest));
        CliResult r = hako("pull", registry.host() + "/it/schema1:old");
        assertFails(r, "schema 1");
        assertFalse(store.imageNames().stream().anyMatch(n -> n.contains("schema1")));
        store.assertNothingHalfDone();
    }

    @Test
    void missingImagesAndBadReferencesGiveClearErrors() {
        assertFails(hako("pull", registry.host() + "/it/nothing:here"), "not found");
        assertFails(hako("pull", "user/Name"), "invalid reference format: repository name (user/Name) must be lowercase");
        assertFails(hako("pull", "busybox:-x"), "invalid tag");
    }

    static String mode(java.nio.file.Path p) throws java.io.IOException {
        int mode = (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return String.format("%04o", mode & 07777);
    }
}
