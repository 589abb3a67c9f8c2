package dev.hako.images;

import dev.hako.errdefs.HakoException;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.Reference;
import dev.hako.registry.FetchedManifest;
import dev.hako.testkit.images.Blob;
import dev.hako.testkit.images.TestImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry in memory, as a pull reads it: manifests by tag and digest, blobs by digest. A blob
 * may be replaced by other bytes (a corrupt registry) or made to hang until its stream is closed
 * (a stalled one). It counts the blob downloads it served.
 */
final class FakeRegistry implements RegistryReader {
    private final Map<String, Blob> manifests = new ConcurrentHashMap<>();
    private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<Digest, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private final Map<Digest, CountDownLatch> stalled = new ConcurrentHashMap<>();
    private final Map<Digest, CountDownLatch> held = new ConcurrentHashMap<>();

    /** Serves {@code image} under {@code reference} (repository:tag) and under its digest. */
    FakeRegistry push(String reference, TestImage image) {
        Reference ref = Reference.parse(reference);
        manifests.put(ref.name() + ":" + ref.tag(), image.manifest());
        manifests.put(ref.name() + "@" + image.manifest().digest(), image.manifest());
        for (Blob b : image.blobs()) {
            blobs.put(b.digest(), b.bytes());
        }
        return this;
    }

    /** Serves an index under {@code reference}, and each of its images by digest. */
    FakeRegistry pushIndex(String reference, Blob index, TestImage... images) {
        Reference ref = Reference.parse(reference);
        manifests.put(ref.name() + ":" + ref.tag(), index);
        for (TestImage image : images) {
            push(ref.name() + ":" + image.manifest().digest().encoded().substring(0, 12), image);
        }
        return this;
    }

    /** The registry sends {@code bytes} for blob {@code digest}. */
    void corrupt(Digest digest, byte[] bytes) {
        blobs.put(digest, bytes);
    }

    /** Reads of blob {@code digest} block until the stream is closed; the latch opens when the download starts. */
    CountDownLatch stall(Digest digest) {
        CountDownLatch started = new CountDownLatch(1);
        stalled.put(digest, started);
        return started;
    }

    /** Downloads of blob {@code digest} send nothing until the latch returned is opened, then all of it. */
    CountDownLatch hold(Digest digest) {
        CountDownLatch release = new CountDownLatch(1);
        held.put(digest, release);
        return release;
    }

    int downloads(Digest digest) {
        AtomicInteger n = downloads.get(digest);
        return n == null ? 0 : n.get();
    }

    @Override
    public FetchedManifest fetchManifest(Reference ref) {
        String key = ref.digest() != null ? ref.name() + "@" + ref.digest() : ref.name() + ":" + ref.tag();
        Blob m = manifests.get(key);
        if (m == null) {
            throw HakoException.notFound("manifest for %s not found", ref);
        }
        return new FetchedManifest(m.mediaType(), m.digest(), m.bytes());
    }

    @Override
    public FetchedManifest fetchManifest(Reference repo, Descriptor descriptor) {
        return fetchManifest(Reference.parse(repo.name() + "@" + descriptor.digest()));
    }

    @Override
    public InputStream openBlob(Reference repo, Descriptor blob) {
        byte[] bytes = blobs.get(blob.digest());
        if (bytes == null) {
            throw HakoException.notFound("blob %s not found in %s", blob.digest(), repo.name());
        }
        downloads.computeIfAbsent(blob.digest(), d -> new AtomicInteger()).incrementAndGet();
        CountDownLatch started = stalled.get(blob.digest());
        if (started != null) {
            return new StalledStream(started);
        }
        CountDownLatch release = held.get(blob.digest());
        if (release == null) {
            return new ByteArrayInputStream(bytes);
        }
        return new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
                return super.read(b, off, len);
            }
        };
    }

    /** Sends nothing until it is closed, as a registry that went quiet; then the read fails. */
    private static final class StalledStream extends InputStream {
        private final CountDownLatch started;
        private final CountDownLatch closed = new CountDownLatch(1);

        StalledStream(CountDownLatch started) {
            this.started = started;
        }

        @Override
        public int read() throws IOException {
            started.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stream closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
