package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.LayerBuilder;
import dev.hako.testkit.images.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile layer is refused with an error naming the entry, writes nothing outside the
 * store, and leaves no image, no half blob and no active snapshot. The escapes aim at a canary
 * directory beside the daemon's store.
 */
class HostileLayersIT extends ImageTestBase {
    private static final String CANARY = "/tmp/hako-it-canary-" + UUID.randomUUID();

    @BeforeEach
    void canary() throws IOException {
        Files.createDirectories(Path.of(CANARY));
    }

    @AfterEach
    void noEscape() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(CANARY))) {
            assertEquals(0, s.count(), "a hostile layer wrote into " + CANARY);
        }
        Files.delete(Path.of(CANARY));
        assertFalse(Files.exists(Path.of("/tmp/hako-escaped"), LinkOption.NOFOLLOW_LINKS));
    }

    static Stream<Arguments> hostileLayers() {
        String deep = "../".repeat(12) + CANARY.substring(1);
        return Stream.of(
                Arguments.of("dot-dot traversal", new LayerBuilder().file(deep + "/pwned", "x"), deep + "/pwned"),
                Arguments.of("traversal inside a path", new LayerBuilder().dir("a", 0755).file("a/../../x", "x"), "a/../../x"),
                Arguments.of("write through an absolute symlink",
                        new LayerBuilder().symlink("evil", CANARY).file("evil/pwned", "x"), "evil/pwned"),
                Arguments.of("write through a relative symlink",
                        new LayerBuilder().symlink("evil", "../../../../../../../../../.." + CANARY).file("evil/pwned", "x"),
                        "evil/pwned"),
                // Rooted at the layer root, /etc/passwd is the image's: this image has none.
                Arguments.of("hard link to an absolute target",
                        new LayerBuilder().hardlink("passwd", "/etc/passwd"), "passwd"),
                Arguments.of("an absolute name that climbs into a symlink",
                        new LayerBuilder().symlink("up", "../../../../../../../..").file("/../up" + CANARY + "/pwned", "x"),
                        "/../up" + CANARY + "/pwned"),
                Arguments.of("hard link escaping the root",
                        new LayerBuilder().hardlink("passwd", "../../../../../../../../etc/passwd"), "passwd"),
                Arguments.of("whiteout outside the root",
                        new LayerBuilder().file("../../../../../../../../tmp/.wh.hako-escaped", ""), ".wh.hako-escaped"),
                Arguments.of("opaque whiteout outside the root",
                        new LayerBuilder().file(deep + "/.wh..wh..opq", ""), ".wh..wh..opq"));
    }

    @org.junit.jupiter.api.Test
    void layersAsUmociWritesThemArePulledWithAbsoluteNamesRooted() throws IOException {
        // umoci 0.4.7: a "/" entry, and no padding or end blocks after the last content; some
        // tools write absolute names. Rooted at the layer root, none of them reaches the host.
        byte[] tar = new LayerBuilder()
                .dir("/", 0755)
                .dir("/etc", 0755)
                .file(CANARY + "/rooted", "inside the image\n")
                .file("/etc/umoci", "unpadded\n")
                .buildUnpadded();
        TestImage image = TestImage.builder().layer(tar).build();
        String ref = push("it/umoci", "1", image);
        hako("pull", ref).requireSuccess();
        try (var root = mount(ref)) {
            assertEquals("unpadded\n", Files.readString(root.path("etc/umoci")));
            assertEquals("inside the image\n", Files.readString(root.path(CANARY.substring(1) + "/rooted")));
        }
        store.assertNothingHalfDone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLayers")
    void hostileLayersAreRefused(String name, LayerBuilder layer, String entry) throws IOException {
        long blobsBefore = store.blobCount();
        int snapshotsBefore = store.snapshotRows().size();
        TestImage image = TestImage.builder().layer(new LayerBuilder().file("fine", "ok")).layer(layer).build();
        String tag = name.replace(' ', '-');
        String ref = push("it/hostile", tag, image);

        CliResult pull = hako("pull", ref);
        assertEquals(1, pull.exitCode(), pull.toString());
        assertTrue(pull.stderr().contains(entry), "the error does not name " + entry + ":\n" + pull);
        assertFalse(hako("images").requireSuccess().stdout().contains(tag), "a refused image is listed");
        assertFalse(store.imageNames().stream().anyMatch(n -> n.endsWith(":" + tag)));
        store.assertNothingHalfDone();
        // Not even the harmless first layer, its blob, the config or the manifest stay.
        assertEquals(snapshotsBefore, store.snapshotRows().size(), "snapshots left: " + store.snapshotRows());
        assertEquals(blobsBefore, store.blobCount(), "blobs left");
    }
}
