package dev.hako.content;

import dev.hako.errdefs.HakoException;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code root/blobs/<algorithm>/<hex>}. Writers fill a file under
 * {@code root/ingest} and rename it into place only after verification, so a crash never leaves
 * a blob that looks complete but is not.
 */
public final class LocalContentStore implements ContentStore {
    private final Path blobs;
    private final Path ingest;

    public LocalContentStore(Path root) throws IOException {
        this.blobs = root.resolve("blobs");
        this.ingest = root.resolve("ingest");
        Files.createDirectories(blobs.resolve("sha256"));
        Files.createDirectories(ingest);
    }

    public Path blobPath(Digest digest) {
        return blobs.resolve(digest.algorithm()).resolve(digest.encoded());
    }

    @Override
    public Optional<ContentInfo> info(Digest digest) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(blobPath(digest), BasicFileAttributes.class);
            return Optional.of(new ContentInfo(digest, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw HakoException.notFound("content %s not found", digest);
        }
    }

    @Override
    public byte[] read(Digest digest, long maxSize) throws IOException {
        Path p = blobPath(digest);
        try {
            long size = Files.size(p);
            if (size > maxSize) {
                throw HakoException.invalid("content %s is %d bytes, more than the %d allowed", digest, size, maxSize);
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw HakoException.notFound("content %s not found", digest);
        }
    }

    @Override
    public ContentWriter writer(Descriptor expected) throws IOException {
        return new FileWriter(expected.digest(), expected.size());
    }

    @Override
    public ContentWriter writer() throws IOException {
        return new FileWriter(null, -1);
    }

    @Override
    public boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(blobPath(digest));
    }

    @Override
    public List<ContentInfo> list() throws IOException {
        List<ContentInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
            for (Path algorithm : algorithms) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
                    for (Path f : files) {
                        Digest d;
                        try {
                            d = new Digest(algorithm.getFileName().toString(), f.getFileName().toString());
                        } catch (HakoException e) {
                            continue; // not a blob name: nothing of ours
                        }
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                        out.add(new ContentInfo(d, a.size(), a.lastModifiedTime().toInstant()));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void removeIncomplete() throws IOException {
        try (Stream<Path> files = Files.list(ingest)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Total bytes of committed blobs. */
    public long usage() throws IOException {
        long total = 0;
        for (ContentInfo i : list()) {
            total += i.size();
        }
        return total;
    }

    private final class FileWriter extends ContentWriter {
        private final Digest expected;
        private final long expectedSize;
        private final java.security.MessageDigest digester;
        private final Path file;
        private final FileChannel channel;
        private final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(128 * 1024);
        private long written;
        private boolean closed;

        FileWriter(Digest expected, long expectedSize) throws IOException {
            this.expected = expected;
            this.expectedSize = expectedSize;
            this.digester = expected != null ? expected.newDigester() : Digest.sha256();
            this.file = ingest.resolve(UUID.randomUUID() + ".data");
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
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
            if (expectedSize >= 0 && written + len > expectedSize) {
                throw HakoException.invalid("content %s: received more than the %d bytes its descriptor declares",
                        expected, expectedSize);
            }
            digester.update(b, off, len);
            written += len;
            while (len > 0) {
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
                if (!buffer.hasRemaining()) {
                    flushBuffer();
                }
            }
        }

        private void flushBuffer() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        @Override
        public long written() {
            return written;
        }

        @Override
        public Digest commit() throws IOException {
            if (closed) {
                throw new IOException("content writer is closed");
            }
            try {
                if (expectedSize >= 0 && written != expectedSize) {
                    throw HakoException.invalid("content %s: size mismatch: got %d bytes, descriptor declares %d",
                            expected, written, expectedSize);
                }
                Digest actual = new Digest(expected != null ? expected.algorithm() : "sha256",
                        java.util.HexFormat.of().formatHex(digester.digest()));
                if (expected != null && !expected.encoded().equals(actual.encoded())) {
                    throw HakoException.invalid("content %s: digest mismatch: the bytes received hash to %s",
                            expected, actual);
                }
                flushBuffer();
                channel.force(false);
                channel.close();
                Path target = blobPath(actual);
                Files.createDirectories(target.getParent());
                try {
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("content store needs ingest and blobs on one filesystem", e);
                }
                return actual;
            } finally {
                close();
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
