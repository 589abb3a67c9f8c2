package dev.hako.archive;

import dev.hako.tar.TarBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.archive.LayerLimits.Limit;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer that passes one of its limits is stopped there, with an error naming the limit's setting. */
class LayerLimitsTest {
    private static final Limit NONE = Limit.NONE;

    @TempDir
    Path root;

    @BeforeAll
    static void needsRoot() {
        LayerTestSupport.requireRoot();
    }

    private static HakoException refused(byte[] tar, Path root, LayerLimits limits) {
        HakoException e = assertThrows(HakoException.class,
                () -> new LayerApplier().apply(new ByteArrayInputStream(tar), root, limits));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        return e;
    }

    @Test
    void uncompressedBytesStopTheUnpackAtTheLimit() throws IOException {
        byte[] tar = new TarBuilder().file("zeros", "\0".repeat(4 << 20)).build();
        LayerLimits limits = new LayerLimits(new Limit(1 << 20, "images.max_layer_size = 1 MiB"), NONE, NONE);
        HakoException e = refused(tar, root, limits);
        assertEquals("more than 1048576 bytes uncompressed (images.max_layer_size = 1 MiB)", e.getMessage());
        assertTrue(Files.size(root.resolve("zeros")) <= 1 << 20, "it wrote past the limit before stopping");
    }

    @Test
    void whatFollowsTheEndOfTheArchiveCountsToo() throws IOException {
        byte[] tar = new TarBuilder().file("small", "x").build();
        InputStream withTrailer = new SequenceInputStream(new ByteArrayInputStream(tar),
                new ByteArrayInputStream(new byte[1 << 20]));
        LayerLimits limits = new LayerLimits(new Limit(64 * 1024, "the test's"), NONE, NONE);
        assertThrows(HakoException.class, () -> new LayerApplier().apply(withTrailer, root, limits));
    }

    @Test
    void theWholeStreamIsReadSoADigestAroundItIsComplete() throws IOException {
        byte[] tar = new TarBuilder().file("f", "x").build();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(tar);
        all.write(new byte[10_000]);
        InputStream in = new ByteArrayInputStream(all.toByteArray());
        new LayerApplier().apply(in, root, new LayerLimits(new Limit(all.size(), "exactly"), NONE, NONE));
        assertEquals(-1, in.read());
    }

    @Test
    void entries() throws IOException {
        LayerLimits limits = new LayerLimits(NONE, new Limit(10, "images.max_layer_entries = 10"), NONE);
        assertEquals(10, new LayerApplier().apply(new ByteArrayInputStream(files(10)), root, limits).entries());
        Path other = Files.createDirectory(root.resolveSibling(root.getFileName() + "-eleven"));
        try {
            HakoException e = refused(files(11), other, limits);
            assertEquals("more than 10 entries (images.max_layer_entries = 10)", e.getMessage());
            assertTrue(Files.notExists(other.resolve("f10")), "the entry past the limit was written");
        } finally {
            dev.hako.sys.FileTrees.deleteRecursively(other);
        }
    }

    private static byte[] files(int count) {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < count; i++) {
            tar.file("f" + i, "x");
        }
        return tar.build();
    }

    @Test
    void hardLinksToLowerLayersButNotWithinTheLayer() throws IOException {
        TarBuilder tar = new TarBuilder().file("here", "x");
        for (int i = 0; i < 5; i++) {
            tar.hardLink("local" + i, "here"); // within the layer: linked at once, nothing remembered
        }
        tar.hardLink("lower1", "bin/one").hardLink("lower2", "bin/two").hardLink("lower3", "bin/three");
        LayerLimits limits = new LayerLimits(NONE, NONE, new Limit(2, "images.max_pending_hard_links = 2"));
        HakoException e = refused(tar.build(), root, limits);
        assertEquals("more than 2 hard links to files of the layers below (images.max_pending_hard_links = 2)",
                e.getMessage());
    }
}
