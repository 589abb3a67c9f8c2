package dev.hako.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest {
    private static final byte[] HELLO = "hello, blob".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor HELLO_DESCRIPTOR = new Descriptor("x", Digest.sha256(HELLO), HELLO.length);

    @TempDir
    Path dir;
    LocalContentStore store;

    @BeforeEach
    void open() throws IOException {
        store = new LocalContentStore(dir);
    }

    @Test
    void aVerifiedBlobBecomesVisibleOnlyAtCommit() throws IOException {
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(HELLO, 0, 5);
            assertTrue(store.info(HELLO_DESCRIPTOR.digest()).isEmpty(), "visible before commit");
            w.write(HELLO, 5, HELLO.length - 5);
            assertEquals(HELLO_DESCRIPTOR.digest(), w.commit());
        }
        assertEquals(HELLO.length, store.info(HELLO_DESCRIPTOR.digest()).orElseThrow().size());
        try (InputStream in = store.open(HELLO_DESCRIPTOR.digest())) {
            assertArrayEquals(HELLO, in.readAllBytes());
        }
        assertArrayEquals(HELLO, store.read(HELLO_DESCRIPTOR.digest(), 100));
        assertEquals(List.of(), ingest());
    }

    @Test
    void wrongBytesAreRefusedAndLeaveNothing() throws IOException {
        byte[] other = "hello, blub".getBytes(StandardCharsets.UTF_8);
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(other);
            HakoException e = assertThrows(HakoException.class, w::commit);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
            assertTrue(e.getMessage().contains(HELLO_DESCRIPTOR.digest().toString()), e.getMessage());
        }
        assertTrue(store.info(HELLO_DESCRIPTOR.digest()).isEmpty());
        assertTrue(store.info(Digest.sha256(other)).isEmpty());
        assertEquals(List.of(), ingest());
        assertEquals(List.of(), store.list());
    }

    @Test
    void moreBytesThanDeclaredFailWhileStreaming() throws IOException {
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(HELLO);
            HakoException e = assertThrows(HakoException.class, () -> w.write(new byte[1]));
            assertTrue(e.getMessage().contains("more than the " + HELLO.length + " bytes"), e.getMessage());
        }
        assertEquals(List.of(), ingest());
    }

    @Test
    void fewerBytesThanDeclaredAreRefused() throws IOException {
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(HELLO, 0, 3);
            HakoException e = assertThrows(HakoException.class, w::commit);
            assertTrue(e.getMessage().contains("size mismatch: got 3 bytes"), e.getMessage());
        }
        assertTrue(store.info(HELLO_DESCRIPTOR.digest()).isEmpty());
    }

    @Test
    void closingWithoutCommitThrowsTheBytesAway() throws IOException {
        try (ContentWriter w = store.writer()) {
            w.write(new byte[300_000]);
            assertEquals(1, ingest().size());
        }
        assertEquals(List.of(), ingest());
        assertEquals(List.of(), store.list());
    }

    @Test
    void aWriterWithoutExpectationNamesTheBlobByItsContent() throws IOException {
        try (ContentWriter w = store.writer()) {
            w.write(HELLO);
            assertEquals(HELLO_DESCRIPTOR.digest(), w.commit());
        }
        assertTrue(store.delete(HELLO_DESCRIPTOR.digest()));
        assertFalse(store.delete(HELLO_DESCRIPTOR.digest()));
        HakoException e = assertThrows(HakoException.class, () -> store.open(HELLO_DESCRIPTOR.digest()));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
    }

    @Test
    void leftoversOfAnInterruptedWriterAreRemoved() throws IOException {
        Files.write(dir.resolve("ingest/abandoned.data"), HELLO);
        store.removeIncomplete();
        assertEquals(List.of(), ingest());
    }

    @Test
    void oversizedReadsAreRefused() throws IOException {
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(HELLO);
            w.commit();
        }
        assertThrows(HakoException.class, () -> store.read(HELLO_DESCRIPTOR.digest(), 4));
    }

    private List<Path> ingest() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("ingest"))) {
            return s.toList();
        }
    }
}
