package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.oci.Digest;
import dev.hako.oci.Json;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** import, save, load (OCI and docker save archives), tag, rmi, push and prune through the CLI. */
class ArchivesIT extends ImageTestBase {

    @Test
    void importsARootfsTarballFromAFileAndFromStdin() throws Exception {
        byte[] rootfs = Busybox.rootfs().build();
        Path file = Files.createTempFile("hako-it-rootfs", ".tar");
        try {
            Files.write(file, rootfs);
            CliResult r = hako("image", "import", "--change", "CMD [\"sh\"]", file.toString(), "imported:file").requireSuccess();
            String id = r.stdout().strip();
            assertTrue(id.startsWith("sha256:"), r.stdout());
            JsonNode inspect = inspect("imported:file");
            assertEquals(id, inspect.path("Id").asText());
            assertEquals("sh", inspect.path("Config").path("Cmd").get(0).asText());
            assertEquals(Digest.sha256(rootfs).toString(), inspect.path("RootFS").path("Layers").get(0).asText());
            try (OverlayMount root = mount("imported:file")) {
                assertTrue(Files.isExecutable(root.path("bin/busybox")));
            }
        } finally {
            Files.delete(file);
        }
        hakod.hako(new ByteArrayInputStream(rootfs), "import", "-", "imported:stdin").requireSuccess();
        assertTrue(hako("images").requireSuccess().stdout().contains("imported "), "stdin import is not listed");
        store.assertNothingHalfDone();
    }

    @Test
    void aHostileImportIsRefusedAndLeavesNothing() throws Exception {
        byte[] hostile = new LayerBuilder().file("../../../../../../tmp/hako-it-import-escape", "x").build();
        CliResult r = hakod.hako(new ByteArrayInputStream(hostile), "image", "import", "-", "hostile:1");
        assertFails(r, "hako-it-import-escape");
        assertFalse(Files.exists(Path.of("/tmp/hako-it-import-escape")));
        assertFalse(store.imageNames().stream().anyMatch(n -> n.contains("hostile")));
        store.assertNothingHalfDone();

        CliResult notTar = hakod.hako(new ByteArrayInputStream("this is not a tar archive at all".repeat(40).getBytes()),
                "image", "import", "-", "nottar:1");
        assertEquals(1, notTar.exitCode(), notTar.toString());
        store.assertNothingHalfDone();
    }

    @Test
    void saveThenLoadRoundTrip() throws Exception {
        TestImage image = TestImage.builder().cmd("sh").layer(Busybox.rootfs()).layer(new LayerBuilder().file("x", "saved\n"))
                .build();
        String ref = push("it/save", "1", image);
        hako("pull", ref).requireSuccess();
        Path archive = Files.createTempFile("hako-it-save", ".tar");
        try {
            hako("save", "-o", archive.toString(), ref).requireSuccess();
            Map<String, byte[]> entries = readTar(Files.newInputStream(archive));
            assertTrue(entries.containsKey("oci-layout"), entries.keySet().toString());
            assertTrue(entries.containsKey("index.json"));
            assertTrue(entries.containsKey("manifest.json"));
            assertTrue(entries.containsKey("blobs/sha256/" + image.manifest().digest().encoded()));
            JsonNode index = Json.MAPPER.readTree(entries.get("index.json"));
            assertEquals(ref, index.path("manifests").get(0).path("annotations").path("io.containerd.image.name").asText());

            hako("rmi", ref).requireSuccess();
            assertFalse(hako("images").requireSuccess().stdout().contains("it/save"));
            CliResult load = hako("load", "-i", archive.toString()).requireSuccess();
            assertTrue(load.stdout().contains("Loaded image: " + ref), load.stdout());
            assertEquals(image.config().digest().toString(), inspect(ref).path("Id").asText());
            try (OverlayMount root = mount(ref)) {
                assertEquals("saved\n", Files.readString(root.path("x")));
            }
        } finally {
            Files.deleteIfExists(archive);
        }
        store.assertNothingHalfDone();
    }

    @Test
    void loadsADockerSaveArchive() throws Exception {
        byte[] layer1 = Busybox.rootfs().build();
        byte[] layer2 = new LayerBuilder().file("docker-save", "legacy\n").build();
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux");
        config.putObject("config").putArray("Cmd").add("sh");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(Digest.sha256(layer1).toString()).add(Digest.sha256(layer2).toString());
        byte[] configBytes = Json.write(config);
        String configName = Digest.sha256(configBytes).encoded() + ".json";
        ArrayNode manifest = Json.MAPPER.createArrayNode();
        ObjectNode entry = manifest.addObject();
        entry.put("Config", configName);
        entry.putArray("RepoTags").add("legacy/app:v1");
        entry.putArray("Layers").add("aaa/layer.tar").add("bbb/layer.tar");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            add(tar, "aaa/layer.tar", layer1);
            add(tar, "bbb/layer.tar", layer2);
            add(tar, configName, configBytes);
            add(tar, "manifest.json", Json.write(manifest));
            add(tar, "repositories", "{}".getBytes());
        }
        CliResult load = hakod.hako(new ByteArrayInputStream(bytes.toByteArray()), "load").requireSuccess();
        assertTrue(load.stdout().contains("Loaded image: legacy/app:v1"), load.stdout());
        assertEquals("sha256:" + configName.replace(".json", ""), inspect("legacy/app:v1").path("Id").asText());
        try (OverlayMount root = mount("legacy/app:v1")) {
            assertEquals("legacy\n", Files.readString(root.path("docker-save")));
            assertTrue(Files.isExecutable(root.path("bin/busybox")));
        }

        CliResult broken = hakod.hako(new ByteArrayInputStream("{}".getBytes()), "load");
        assertEquals(1, broken.exitCode(), broken.toString());
    }

    @Test
    void tagRemoveAndPrune() throws Exception {
        TestImage image = TestImage.builder().layer(new LayerBuilder().file("t", "tagged\n")).build();
        String ref = push("it/tags", "1", image);
        hako("pull", ref).requireSuccess();
        hako("tag", ref, "local/one:a").requireSuccess();
        hako("tag", ref, "local/two:b").requireSuccess();
        String id = image.config().digest().toString();

        CliResult conflict = hako("rmi", id.substring(7, 19));
        assertFails(conflict, "must be forced");

        CliResult untag = hako("rmi", "local/one:a").requireSuccess();
        assertTrue(untag.stdout().contains("Untagged: local/one:a"), untag.stdout());
        assertFalse(untag.stdout().contains("Deleted:"), untag.stdout());
        assertTrue(store.hasBlob(image.layers().getFirst().digest().toString()));

        CliResult forced = hako("rmi", "-f", id.substring(7, 19)).requireSuccess();
        assertTrue(forced.stdout().contains("Deleted: " + id), forced.stdout());
        assertFalse(store.hasBlob(image.layers().getFirst().digest().toString()), "the layer blob was kept");
        assertFalse(store.snapshotRows().containsKey(image.diffIds().getFirst().toString()), "the snapshot was kept");

        assertFails(hako("rmi", "local/one:a"), "No such image: local/one:a");

        // A tag that moves to a new image leaves the old image's layer unreferenced.
        TestImage other = TestImage.builder().layer(new LayerBuilder().file("p", "prune\n")).build();
        String kept = push("it/prune", "1", other);
        hako("pull", kept).requireSuccess();
        TestImage old = TestImage.builder().layer(new LayerBuilder().file("orphan", "o\n")).build();
        String moving = push("it/moving", "1", old);
        hako("pull", moving).requireSuccess();
        push("it/moving", "1", TestImage.builder().layer(new LayerBuilder().file("new", "n\n")).build());
        hako("pull", moving).requireSuccess();
        String orphanBlob = old.layers().get(0).digest().toString();
        String orphanSnapshot = old.diffIds().get(0).toString();
        assertTrue(store.hasBlob(orphanBlob));
        assertTrue(store.snapshotRows().containsKey(orphanSnapshot));

        CliResult prune = hako("image", "prune", "-f").requireSuccess();
        assertTrue(prune.stdout().contains("Total reclaimed space"), prune.stdout());
        assertFalse(store.hasBlob(orphanBlob), "prune kept an unreferenced blob");
        assertFalse(store.snapshotRows().containsKey(orphanSnapshot), "prune kept an unreferenced snapshot");
        assertTrue(store.hasBlob(other.layers().getFirst().digest().toString()), "prune removed a referenced blob");
        try (OverlayMount root = mount(kept)) {
            assertEquals("prune\n", Files.readString(root.path("p")));
        }
        store.assertNothingHalfDone();
    }

    @Test
    void pushSkipsBlobsTheRegistryHas() throws Exception {
        TestImage image = TestImage.builder().layer(Busybox.rootfs()).layer(new LayerBuilder().file("p", "push\n")).build();
        String ref = push("it/push", "1", image);
        hako("pull", ref).requireSuccess();
        String target = registry.host() + "/it/pushed:2";
        hako("tag", ref, target).requireSuccess();
        CliResult push = hako("push", target).requireSuccess();
        assertTrue(push.stdout().contains("2: digest: " + image.manifest().digest()), push.stdout());
        CliResult again = hako("push", target).requireSuccess();
        assertTrue(again.stdout().contains("Layer already exists"), again.stdout());
        hako("rmi", target, ref).requireSuccess();
        hako("pull", target).requireSuccess();
        assertEquals(image.config().digest().toString(), inspect(target).path("Id").asText());
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static Map<String, byte[]> readTar(InputStream in) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    out.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return out;
    }
}
