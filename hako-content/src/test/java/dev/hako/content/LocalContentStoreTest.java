package dev.hako.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The content store contract, and the file layout that is the local store's own. */
class LocalContentStoreTest extends ContentStoreContract {
    private Path root;

    @Override
    protected ContentStore open(Path root) throws IOException {
        this.root = root;
        return new LocalContentStore(root);
    }

    @Override
    protected long incomplete() throws IOException {
        return ingest().size();
    }

    @Test
    void aBlobIsAFileNamedByItsDigest() throws IOException {
        put(HELLO);
        Path blob = root.resolve("blobs/sha256/" + HELLO_DESCRIPTOR.digest().encoded());
        assertEquals(blob, ((LocalContentStore) store).blobPath(HELLO_DESCRIPTOR.digest()));
        assertArrayEquals(HELLO, Files.readAllBytes(blob));
        assertEquals(HELLO.length, ((LocalContentStore) store).usage());
    }

    @Test
    void filesLeftInIngestByAnEarlierRunAreRemoved() throws IOException {
        Files.write(root.resolve("ingest/abandoned.data"), HELLO);
        store.removeIncomplete();
        assertEquals(List.of(), ingest());
    }

    @Test
    void filesInBlobsThatAreNotBlobNamesAreNotListed() throws IOException {
        put(HELLO);
        Files.writeString(root.resolve("blobs/sha256/not-a-digest"), "x");
        assertEquals(List.of(HELLO_DESCRIPTOR.digest()), store.list().stream().map(ContentInfo::digest).toList());
        assertTrue(store.info(HELLO_DESCRIPTOR.digest()).isPresent());
    }

    private List<Path> ingest() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("ingest"))) {
            return s.toList();
        }
    }
}
