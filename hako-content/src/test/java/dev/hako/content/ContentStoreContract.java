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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ContentStore} does, as containerd's core/content/testsuite says it for its
 * stores: an implementation's test class extends this and says how to open one and how to count
 * what writers have in progress. A blob is visible only once committed, whole and verified; a
 * refused or abandoned write leaves nothing, neither a blob nor bytes in progress.
 *
 * <p>hako's writers are not resumable (containerd's are, by ref): a write that did not commit is
 * started again from its first byte, which the cases check works.
 */
public abstract class ContentStoreContract {
    protected static final byte[] HELLO = "hello, blob".getBytes(StandardCharsets.UTF_8);
    protected static final Descriptor HELLO_DESCRIPTOR = new Descriptor("x", Digest.sha256(HELLO), HELLO.length);

    @TempDir
    protected Path dir;
    protected ContentStore store;

    /** A new, empty store that keeps what it stores under {@code root}. */
    protected abstract ContentStore open(Path root) throws IOException;

    /** How many writes are in progress (files in an ingest directory, say): 0 once every writer committed or closed. */
    protected abstract long incomplete() throws IOException;

    @BeforeEach
    void openStore() throws IOException {
        store = open(dir.resolve("content"));
    }

    @Test
    void aBlobIsVisibleOnlyOnceCommitted() throws IOException {
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(HELLO, 0, 5);
            assertEquals(5, w.written());
            assertTrue(store.info(HELLO_DESCRIPTOR.digest()).isEmpty(), "visible before commit");
            assertEquals(List.of(), store.list());
            assertEquals(1, incomplete());
            w.write(HELLO, 5, HELLO.length - 5);
            assertEquals(HELLO_DESCRIPTOR.digest(), w.commit());
        }
        assertEquals(HELLO.length, store.info(HELLO_DESCRIPTOR.digest()).orElseThrow().size());
        try (InputStream in = store.open(HELLO_DESCRIPTOR.digest())) {
            assertArrayEquals(HELLO, in.readAllBytes());
        }
        assertArrayEquals(HELLO, store.read(HELLO_DESCRIPTOR.digest(), HELLO.length));
        assertEquals(0, incomplete());
    }

    @Test
    void aWriterWithoutExpectationNamesTheBlobByItsContent() throws IOException {
        try (ContentWriter w = store.writer()) {
            w.write(HELLO);
            assertEquals(HELLO_DESCRIPTOR.digest(), w.commit());
        }
        assertArrayEquals(HELLO, store.read(HELLO_DESCRIPTOR.digest(), 100));
    }

    @Test
    void bytesThatDoNotMatchTheDigestAreRefusedAndLeaveNothing() throws IOException {
        byte[] other = "hello, blub".getBytes(StandardCharsets.UTF_8);
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(other);
            HakoException e = assertThrows(HakoException.class, w::commit);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
            assertTrue(e.getMessage().contains(HELLO_DESCRIPTOR.digest().toString()), e.getMessage());
        }
        assertNothingStored();
    }

    @Test
    void fewerBytesThanDeclaredAreRefusedAndLeaveNothing() throws IOException {
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(HELLO, 0, 3);
            HakoException e = assertThrows(HakoException.class, w::commit);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().contains("size mismatch: got 3 bytes"), e.getMessage());
        }
        assertNothingStored();
    }

    @Test
    void moreBytesThanDeclaredFailWhileStreaming() throws IOException {
        try (ContentWriter w = store.writer(HELLO_DESCRIPTOR)) {
            w.write(HELLO);
            HakoException e = assertThrows(HakoException.class, () -> w.write(new byte[1]));
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
            assertTrue(e.getMessage().contains("more than the " + HELLO.length + " bytes"), e.getMessage());
        }
        assertNothingStored();
    }

    @Test
    void anAbortedWriteLeavesNothingAndStartsAgainFromTheFirstByte() throws IOException {
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        Descriptor d = new Descriptor("x", Digest.sha256(big), big.length);
        try (ContentWriter w = store.writer(d)) {
            w.write(big, 0, 200_000);
        }
        assertNothingStored();
        try (ContentWriter w = store.writer(d)) {
            w.write(big);
            w.commit();
        }
        assertArrayEquals(big, store.read(d.digest(), big.length));
    }

    @Test
    void aWriterIsDoneOnceCommittedOrClosed() throws IOException {
        ContentWriter committed = store.writer(HELLO_DESCRIPTOR);
        committed.write(HELLO);
        committed.commit();
        assertThrows(IOException.class, () -> committed.write(HELLO));
        assertThrows(IOException.class, committed::commit);
        committed.close();

        ContentWriter closed = store.writer();
        closed.close();
        assertThrows(IOException.class, () -> closed.write(HELLO));
        assertThrows(IOException.class, closed::commit);
        assertEquals(List.of(HELLO_DESCRIPTOR.digest()), digests());
    }

    @Test
    void deleteRemovesThatBlobOnly() throws IOException {
        Digest other = put("another blob".getBytes(StandardCharsets.UTF_8));
        put(HELLO);
        assertTrue(store.delete(HELLO_DESCRIPTOR.digest()));
        assertFalse(store.delete(HELLO_DESCRIPTOR.digest()), "a second delete finds nothing");
        assertTrue(store.info(HELLO_DESCRIPTOR.digest()).isEmpty());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(HakoException.class, () -> store.open(HELLO_DESCRIPTOR.digest())).kind());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(HakoException.class, () -> store.read(HELLO_DESCRIPTOR.digest(), 100)).kind());
        assertEquals(List.of(other), digests());
    }

    @Test
    void listShowsEveryCommittedBlobWithItsSizeAndNothingInProgress() throws IOException {
        Digest a = put(HELLO);
        Digest b = put(new byte[1000]);
        try (ContentWriter inProgress = store.writer()) {
            inProgress.write(new byte[10]);
            List<ContentInfo> listed = new ArrayList<>(store.list());
            listed.sort((x, y) -> x.digest().compareTo(y.digest()));
            List<Digest> expected = new ArrayList<>(List.of(a, b));
            expected.sort(null);
            assertEquals(expected, listed.stream().map(ContentInfo::digest).toList());
            for (ContentInfo i : listed) {
                assertEquals(i.digest().equals(a) ? HELLO.length : 1000, i.size());
                assertEquals(i.size(), store.info(i.digest()).orElseThrow().size());
            }
        }
    }

    @Test
    void readsLargerThanAllowedAreRefused() throws IOException {
        put(HELLO);
        HakoException e = assertThrows(HakoException.class, () -> store.read(HELLO_DESCRIPTOR.digest(), HELLO.length - 1));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(store.info(Digest.sha256(new byte[3])).isEmpty());
    }

    @Test
    void concurrentWritersOfOneBlobBothCommitAndOneBlobRemains() throws Exception {
        byte[] big = new byte[1 << 20];
        new Random(11).nextBytes(big);
        Descriptor d = new Descriptor("x", Digest.sha256(big), big.length);
        CyclicBarrier halfway = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Digest>> writes = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                writes.add(threads.submit(() -> {
                    try (ContentWriter w = store.writer(d)) {
                        w.write(big, 0, big.length / 2);
                        halfway.await(); // both are in progress at once
                        w.write(big, big.length / 2, big.length - big.length / 2);
                        return w.commit();
                    }
                }));
            }
            for (Future<Digest> w : writes) {
                assertEquals(d.digest(), w.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of(d.digest()), digests());
        assertArrayEquals(big, store.read(d.digest(), big.length));
        assertEquals(0, incomplete());
    }

    @Test
    void whatInterruptedWritersLeftIsRemoved() throws IOException {
        put(HELLO);
        ContentWriter abandoned = store.writer(); // as a writer of a daemon that was killed
        abandoned.write(new byte[100]);
        assertEquals(1, incomplete());
        store.removeIncomplete();
        assertEquals(0, incomplete());
        assertEquals(List.of(HELLO_DESCRIPTOR.digest()), digests(), "committed blobs stay");
        abandoned.close();
    }

    protected Digest put(byte[] bytes) throws IOException {
        try (ContentWriter w = store.writer()) {
            w.write(bytes);
            return w.commit();
        }
    }

    private List<Digest> digests() throws IOException {
        return store.list().stream().map(ContentInfo::digest).toList();
    }

    private void assertNothingStored() throws IOException {
        assertEquals(List.of(), store.list());
        assertTrue(store.info(HELLO_DESCRIPTOR.digest()).isEmpty());
        assertEquals(0, incomplete(), "a refused or abandoned write left bytes behind");
    }
}
