package dev.hako.images;

import static dev.hako.images.ImageServiceFixture.file;
import static dev.hako.images.ImageServiceFixture.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.content.ContentInfo;
import dev.hako.content.ContentWriter;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ImageRecord;
import dev.hako.oci.ChainIds;
import dev.hako.oci.Digest;
import dev.hako.oci.Json;
import dev.hako.snapshots.LayerStack;
import dev.hako.testkit.images.TestImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names, removal, collection, recovery and import, on fakes of the content store and the snapshotter. */
class ImageServiceTest {
    @TempDir
    Path dir;
    ImageServiceFixture f;
    TestImage image = TestImage.builder().layer(file(layer(), "base", "base")).layer(file(layer(), "app", "app")).build();

    @BeforeEach
    void open() throws IOException {
        f = new ImageServiceFixture(dir);
        f.registry.push("registry.test/app:1", image);
        f.images.pull("registry.test/app:1", null, Progress.NONE);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aPulledImageIsListedWithItsUnpackedSizeAndInspectedWithItsLayers() throws IOException {
        ImageSummary s = f.images.list().getFirst();
        assertEquals("registry.test/app:1", s.name());
        assertEquals(image.config().digest(), s.id());
        assertEquals("base".length() + "app".length(), s.size(), "the layers' unpacked files");
        assertEquals(1, f.images.count());

        JsonNode inspect = Json.MAPPER.readTree(f.images.inspect("registry.test/app:1"));
        String top = ChainIds.of(image.diffIds()).getLast().toString();
        String lowers = String.join(":", LayerStack.of(f.snapshots.mounts(top)).lowers().stream().map(Path::toString).toList());
        JsonNode info = inspect.isArray() ? inspect.get(0) : inspect;
        assertEquals(lowers, info.path("GraphDriver").path("Data").path("LowerDir").asText(), info.toString());
    }

    @Test
    void removingTheLastNameRemovesTheContentAndTheLayers() throws IOException {
        RemoveResult r = f.images.remove("registry.test/app:1", false);
        assertEquals(List.of("registry.test/app:1"), r.untagged());
        assertTrue(r.deleted().contains(image.config().digest().toString()), r.toString());
        assertEquals(List.of(), f.images.list());
        assertEquals(List.of(), f.content.list());
        assertEquals(List.of(), f.snapshots.list());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(HakoException.class, () -> f.images.get("registry.test/app:1")).kind());
    }

    @Test
    void anotherNameKeepsTheImage() throws IOException {
        assertEquals("registry.test/app:2", f.images.tag("registry.test/app:1", "registry.test/app:2"));
        f.images.remove("registry.test/app:1", false);
        assertEquals(image.config().digest(), f.images.get("registry.test/app:2").id());
        assertEquals(2, f.committed().size());
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(HakoException.class,
                () -> f.images.tag("registry.test/app:2", "registry.test/app@" + image.config().digest())).kind());
    }

    @Test
    void anImageInUseIsRemovedOnlyByForce() throws IOException {
        f.images.setUsers(id -> id.equals(image.config().digest()) ? List.of("c0ffee") : List.of());
        HakoException e = assertThrows(HakoException.class, () -> f.images.remove("registry.test/app:1", false));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("c0ffee"), e.getMessage());
        assertEquals(1, f.images.count(), "nothing was removed");
        f.images.remove("registry.test/app:1", true);
        assertEquals(0, f.images.count());
    }

    @Test
    void pruneRemovesWhatNoNameReaches() throws IOException {
        Digest stray = put("stray".getBytes(StandardCharsets.UTF_8));
        f.snapshots.prepare("extract-stray", null);
        f.snapshots.commit("sha256:stray-chain", "extract-stray");
        PruneResult r = f.images.prune();
        assertEquals(List.of(stray.toString()), r.blobs());
        assertEquals(List.of("sha256:stray-chain"), r.snapshots());
        assertEquals(2, f.committed().size(), "the image's two chains stay");
        assertEquals(ImageServiceFixture.blobsOf(image), Set.copyOf(f.content.list().stream().map(ContentInfo::digest).toList()));
    }

    @Test
    void recoveryRemovesInterruptedWorkAndNamesWhoseContentIsGone() throws IOException {
        ContentWriter interrupted = f.content.writer();
        interrupted.write(new byte[10]);
        f.snapshots.prepareUnpack(Unpacker.KEY_PREFIX + "123 sha256:x", "sha256:parent");
        f.records.put(new ImageRecord("registry.test/gone:1", image.manifest().mediaType(),
                Digest.sha256("no such manifest".getBytes(StandardCharsets.UTF_8)).toString(), 16, null,
                Instant.now(), Instant.now()));

        List<String> removed = f.images.recover();
        assertTrue(removed.contains(Unpacker.KEY_PREFIX + "123 sha256:x"), removed.toString());
        assertTrue(removed.stream().anyMatch(s -> s.startsWith("image registry.test/gone:1")), removed.toString());
        assertEquals(0, f.content.incomplete());
        assertEquals(List.of(), f.active());
        assertEquals(List.of("registry.test/app:1"), f.images.list().stream().map(ImageSummary::name).toList());
        interrupted.close();
    }

    @Test
    void anImportedTarballIsAOneLayerImage() throws IOException {
        byte[] tar = file(layer(), "imported", "hello").build();
        Digest id = f.images.importTarball(new ByteArrayInputStream(tar), "registry.test/imported:1", List.of("CMD [\"/x\"]"));
        Image imported = f.images.get("registry.test/imported:1");
        assertEquals(id, imported.id());
        assertEquals(List.of(Digest.sha256(tar)), imported.chainIds(), "one layer: its chain is its diff_id");
        Path layerDir = LayerStack.of(f.snapshots.mounts(imported.topChainId())).lowers().getFirst();
        assertEquals("hello", Files.readString(layerDir.resolve("imported")));
        assertEquals(List.of(), f.active());
    }

    @Test
    void anImportThatIsNotATarLeavesNothing() throws IOException {
        int blobs = f.content.list().size();
        int snapshots = f.snapshots.list().size();
        HakoException e = assertThrows(HakoException.class, () -> f.images.importTarball(
                new ByteArrayInputStream("not a tar, clearly not a tar".repeat(40).getBytes(StandardCharsets.UTF_8)),
                "registry.test/bad:1", List.of()));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals(blobs, f.content.list().size());
        assertEquals(snapshots, f.snapshots.list().size());
        assertEquals(1, f.images.count());
    }

    private Digest put(byte[] bytes) throws IOException {
        try (ContentWriter w = f.content.writer()) {
            w.write(bytes);
            return w.commit();
        }
    }
}
