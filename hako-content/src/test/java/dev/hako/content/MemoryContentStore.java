package dev.hako.content;

import dev.hako.errdefs.HakoException;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake content store for services' unit tests: blobs in memory, checked as the real store
 * checks them. It passes {@link ContentStoreContract}.
 */
public final class MemoryContentStore implements ContentStore {
    private record Blob(byte[] bytes, Instant committedAt) {}

    private final Map<Digest, Blob> blobs = new ConcurrentHashMap<>();
    private final Set<MemoryWriter> open = ConcurrentHashMap.newKeySet();

    /** Writers neither committed nor closed: what a crash would leave. */
    public int incomplete() {
        return open.size();
    }

    @Override
    public Optional<ContentInfo> info(Digest digest) {
        Blob b = blobs.get(digest);
        return b == null ? Optional.empty() : Optional.of(new ContentInfo(digest, b.bytes().length, b.committedAt()));
    }

    @Override
    public InputStream open(Digest digest) {
        return new ByteArrayInputStream(require(digest).bytes());
    }

    @Override
    public byte[] read(Digest digest, long maxSize) {
        byte[] bytes = require(digest).bytes();
        if (bytes.length > maxSize) {
            throw HakoException.invalid("content %s is %d bytes, more than the %d allowed", digest, bytes.length, maxSize);
        }
        return bytes.clone();
    }

    @Override
    public ContentWriter writer(Descriptor expected) {
        return new MemoryWriter(expected.digest(), expected.size());
    }

    @Override
    public ContentWriter writer() {
        return new MemoryWriter(null, -1);
    }

    @Override
    public boolean delete(Digest digest) {
        return blobs.remove(digest) != null;
    }

    @Override
    public List<ContentInfo> list() {
        List<ContentInfo> out = new ArrayList<>();
        blobs.forEach((d, b) -> out.add(new ContentInfo(d, b.bytes().length, b.committedAt())));
        return out;
    }

    @Override
    public void removeIncomplete() {
        open.clear();
    }

    private Blob require(Digest digest) {
        Blob b = blobs.get(digest);
        if (b == null) {
            throw HakoException.notFound("content %s not found", digest);
        }
        return b;
    }

    private final class MemoryWriter extends ContentWriter {
        private final Digest expected;
        private final long expectedSize;
        private final MessageDigest digester;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean closed;

        MemoryWriter(Digest expected, long expectedSize) {
            this.expected = expected;
            this.expectedSize = expectedSize;
            this.digester = expected != null ? expected.newDigester() : Digest.sha256();
            open.add(this);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("content writer is closed");
            }
            if (expectedSize >= 0 && bytes.size() + len > expectedSize) {
                throw HakoException.invalid("content %s: received more than the %d bytes its descriptor declares",
                        expected, expectedSize);
            }
            digester.update(b, off, len);
            bytes.write(b, off, len);
        }

        @Override
        public long written() {
            return bytes.size();
        }

        @Override
        public Digest commit() throws IOException {
            if (closed) {
                throw new IOException("content writer is closed");
            }
            try {
                if (expectedSize >= 0 && bytes.size() != expectedSize) {
                    throw HakoException.invalid("content %s: size mismatch: got %d bytes, descriptor declares %d",
                            expected, bytes.size(), expectedSize);
                }
                Digest actual = new Digest(expected != null ? expected.algorithm() : "sha256",
                        HexFormat.of().formatHex(digester.digest()));
                if (expected != null && !expected.equals(actual)) {
                    throw HakoException.invalid("content %s: digest mismatch: the bytes received hash to %s",
                            expected, actual);
                }
                blobs.put(actual, new Blob(bytes.toByteArray(), Instant.now()));
                return actual;
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            closed = true;
            open.remove(this);
        }
    }
}
