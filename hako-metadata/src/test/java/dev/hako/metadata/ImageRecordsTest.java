package dev.hako.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRecordsTest {
    private static final Instant T1 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final Instant T2 = T1.plusSeconds(60);

    @TempDir
    Path dir;
    Database db;
    ImageRecords images;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(dir.resolve("metadata.db"));
        images = new ImageRecords(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void namesAreListedInOrderAndCounted() {
        images.put(record("docker.io/library/b:1", "sha256:bb", T1));
        images.put(record("docker.io/library/a:1", "sha256:aa", T1));
        assertEquals(List.of("docker.io/library/a:1", "docker.io/library/b:1"),
                images.list().stream().map(ImageRecord::name).toList());
        assertEquals(2, images.count());
        assertEquals(record("docker.io/library/a:1", "sha256:aa", T1), images.get("docker.io/library/a:1").orElseThrow());
        assertTrue(images.get("docker.io/library/c:1").isEmpty());
    }

    @Test
    void movingANameKeepsItsCreationTime() {
        images.put(record("docker.io/library/a:1", "sha256:aa", T1));
        images.put(new ImageRecord("docker.io/library/a:1", "index", "sha256:cc", 7, "linux/arm64", T2, T2));
        ImageRecord moved = images.get("docker.io/library/a:1").orElseThrow();
        assertEquals(new ImageRecord("docker.io/library/a:1", "index", "sha256:cc", 7, "linux/arm64", T1, T2), moved);
        assertEquals(1, images.count());
    }

    @Test
    void deleteSaysWhetherTheNameWasThere() {
        images.put(record("docker.io/library/a:1", "sha256:aa", T1));
        assertTrue(images.delete("docker.io/library/a:1"));
        assertFalse(images.delete("docker.io/library/a:1"));
        assertEquals(0, images.count());
    }

    @Test
    void aNameWrittenInsideALargerTransactionGoesWithIt() {
        try {
            db.transaction(c -> {
                ImageRecords.put(c, record("docker.io/library/a:1", "sha256:aa", T1));
                throw new IllegalStateException("the rest of the step failed");
            });
        } catch (IllegalStateException expected) {
            // the point of the test is what is left
        }
        assertTrue(images.get("docker.io/library/a:1").isEmpty());
    }

    private static ImageRecord record(String name, String digest, Instant at) {
        return new ImageRecord(name, "application/vnd.oci.image.manifest.v1+json", digest, 100, null, at, at);
    }
}
