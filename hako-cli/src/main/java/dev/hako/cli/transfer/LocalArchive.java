package dev.hako.cli.transfer;

import dev.hako.tar.TarEntry;
import dev.hako.tar.TarHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A tar of a local file or directory tree for `cp` to a container, produced as it is read (files
 * are opened one at a time, never held in memory). Symbolic links are stored as links, never
 * followed. Owners are root's unless asked to keep them (`cp -a`), as docker's.
 */
public final class LocalArchive {
    private static final int S_IFMT = 0170000;

    private LocalArchive() {}

    /**
     * @param root       the name of {@code source} in the archive; "" for a directory's contents alone
     * @param keepOwners write the files' own uid and gid instead of 0
     */
    public static InputStream of(Path source, String root, boolean keepOwners) throws IOException {
        List<Path> paths = new ArrayList<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                paths.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                paths.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
        if (root.isEmpty() && !paths.isEmpty() && paths.getFirst().equals(source)) {
            paths.removeFirst(); // the directory itself is where its contents land
        }
        return new SequenceInputStream(new Parts(source, root, keepOwners, paths.iterator()));
    }

    /** Streams of header, data and padding per path, then the end-of-archive blocks. */
    private static final class Parts implements Enumeration<InputStream> {
        private final Path source;
        private final String root;
        private final boolean keepOwners;
        private final Iterator<Path> paths;
        private final List<InputStream> pending = new ArrayList<>();
        private boolean ended;

        Parts(Path source, String root, boolean keepOwners, Iterator<Path> paths) {
            this.source = source;
            this.root = root;
            this.keepOwners = keepOwners;
            this.paths = paths;
        }

        @Override
        public boolean hasMoreElements() {
            fill();
            return !pending.isEmpty();
        }

        @Override
        public InputStream nextElement() {
            fill();
            return pending.removeFirst();
        }

        private void fill() {
            while (pending.isEmpty() && !ended) {
                if (!paths.hasNext()) {
                    pending.add(new ByteArrayInputStream(TarHeaders.end()));
                    ended = true;
                    return;
                }
                try {
                    add(paths.next());
                } catch (IOException e) {
                    // SequenceInputStream cannot throw from here: read() unwraps it below.
                    pending.add(new FailingStream(e));
                }
            }
        }

        private void add(Path path) throws IOException {
            Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,rdev",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            TarEntry.Type type = switch (mode & S_IFMT) {
                case 0100000 -> TarEntry.Type.FILE;
                case 0040000 -> TarEntry.Type.DIRECTORY;
                case 0120000 -> TarEntry.Type.SYMLINK;
                case 0020000 -> TarEntry.Type.CHAR_DEVICE;
                case 0060000 -> TarEntry.Type.BLOCK_DEVICE;
                case 0010000 -> TarEntry.Type.FIFO;
                default -> null; // sockets: tar has no way to carry them
            };
            if (type == null) {
                return;
            }
            String relative = source.relativize(path).toString();
            String name = root.isEmpty() ? relative : relative.isEmpty() ? root : root + "/" + relative;
            long size = type == TarEntry.Type.FILE ? (Long) a.get("size") : 0;
            long rdev = (Long) a.get("rdev");
            TarEntry entry = new TarEntry(name, type,
                    type == TarEntry.Type.SYMLINK ? Files.readSymbolicLink(path).toString() : "", mode & 07777,
                    keepOwners ? (Integer) a.get("uid") : 0, keepOwners ? (Integer) a.get("gid") : 0, size,
                    // whole seconds, as docker's archives: no PAX header per file for a fraction
                    Instant.ofEpochSecond(((FileTime) a.get("lastModifiedTime")).toMillis() / 1000), null,
                    (int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)),
                    (int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)), Map.of());
            pending.add(new ByteArrayInputStream(TarHeaders.of(entry)));
            if (type == TarEntry.Type.FILE) {
                pending.add(new ExactLength(Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS), size, path));
                pending.add(new ByteArrayInputStream(new byte[TarHeaders.padding(size)]));
            }
        }
    }

    /** A file's bytes, exactly as many as its header said: a file that changes size while read fails the copy. */
    private static final class ExactLength extends InputStream {
        private final InputStream in;
        private final Path path;
        private long remaining;

        ExactLength(InputStream in, long size, Path path) {
            this.in = in;
            this.remaining = size;
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                if (in.read() >= 0) {
                    throw new IOException(path + " grew while it was being copied");
                }
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException(path + " shrank while it was being copied");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class FailingStream extends InputStream {
        private final IOException error;

        FailingStream(IOException error) {
            this.error = error;
        }

        @Override
        public int read() throws IOException {
            throw new IOException(error.getMessage(), error);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            throw new IOException(error.getMessage(), error);
        }
    }
}
