package dev.hako.spec.user;

import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A directory seen as the root of a container's file system. Paths inside it are resolved the way the
 * container would resolve them, as securejoin does: symlinks are followed relative to this root (an
 * absolute target starts again at the root, not at the host's /), and ".." stops at the root. So a
 * hostile image whose /etc/passwd is a symlink to "/../../etc/shadow" names its own /etc/shadow, never
 * the host's.
 *
 * <p>Resolution checks the tree as it is now. While the container runs, its processes can change the
 * tree between the check and the use (replace a directory by a symlink), so callers that work on a
 * running container's files (cp) must use the result at once and not hold it; the read and mkdir
 * here open the last component without following symlinks.
 */
public final class RootPath {
    /** Linux's limit (MAXSYMLINKS = 40) is per lookup; securejoin allows 255 in all. */
    private static final int MAX_SYMLINKS = 255;

    private final Path root;

    private RootPath(Path root) {
        this.root = root;
    }

    /** {@code root} is the host path of the container's root file system (trusted: it is hakod's own mount). */
    public static RootPath of(Path root) {
        return new RootPath(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /**
     * The host path that {@code path} (inside the container, absolute or relative to its /) names,
     * with every symlink of the existing part resolved inside the root. Components that do not exist
     * are kept as they are: the result is where the file would be created.
     */
    public Path resolve(String path) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        boolean missing = false;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.removeLast();
                }
                continue;
            }
            done.add(c);
            if (missing) {
                continue; // below a missing component nothing can be a symlink
            }
            Path here = join(done);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(here, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                missing = true;
                continue;
            } catch (FileSystemException e) {
                // ENOTDIR: a file in the middle of the path; what follows cannot exist.
                missing = true;
                continue;
            }
            if (!attrs.isSymbolicLink()) {
                continue;
            }
            if (++links > MAX_SYMLINKS) {
                throw HakoException.invalid("too many levels of symbolic links in %s", path);
            }
            String target = Files.readSymbolicLink(here).toString();
            done.removeLast();
            if (target.startsWith("/")) {
                done.clear();
            }
            List<String> parts = components(target);
            for (int i = parts.size() - 1; i >= 0; i--) {
                todo.addFirst(parts.get(i));
            }
        }
        return join(done);
    }

    /**
     * The bytes of a small regular file inside the root; empty when it does not exist. A file that is
     * not regular (a FIFO would block, a device never end) or larger than {@code maxBytes} is refused.
     */
    public Optional<byte[]> readSmallFile(String path, int maxBytes) throws IOException {
        Path file = resolve(path);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            return Optional.empty();
        }
        if (!attrs.isRegularFile()) {
            throw HakoException.invalid("%s in the image is not a regular file", path);
        }
        if (attrs.size() > maxBytes) {
            throw HakoException.invalid("%s in the image is larger than %d bytes", path, maxBytes);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw HakoException.invalid("%s in the image is larger than %d bytes", path, maxBytes);
            }
            return Optional.of(bytes);
        }
    }

    /**
     * Makes directory {@code path} inside the root with its missing parents (mode 0755), giving each
     * directory it creates to {@code uid}:{@code gid}; existing ones are left as they are. Returns
     * the host path. A component that exists and is not a directory is refused.
     */
    public Path mkdirs(String path, long uid, long gid) throws IOException {
        Path target = resolve(path);
        Path rel = root.relativize(target);
        Path here = root;
        for (Path part : rel) {
            here = here.resolve(part);
            if (Files.isDirectory(here, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.exists(here, LinkOption.NOFOLLOW_LINKS)) {
                throw HakoException.invalid("cannot create directory %s: %s exists in the image and is not a directory",
                        path, "/" + root.relativize(here));
            }
            Files.createDirectory(here);
            Files.setPosixFilePermissions(here, PosixFilePermissions.fromString("rwxr-xr-x"));
            chown(here, uid, gid);
        }
        return target;
    }

    private static void chown(Path p, long uid, long gid) throws IOException {
        // Only when needed: an unprivileged caller (the unit tests) may not chown at all.
        if (((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != uid) {
            Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)) != gid) {
            Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private Path join(List<String> parts) {
        Path p = root;
        for (String s : parts) {
            try {
                p = p.resolve(s);
            } catch (InvalidPathException e) {
                throw HakoException.invalid("invalid path component \"%s\"", s.replace("\0", "\\0"));
            }
        }
        return p;
    }

    private static List<String> components(String path) {
        if (path.indexOf('\0') >= 0) {
            throw HakoException.invalid("path \"%s\" contains a NUL byte", path.replace("\0", "\\0"));
        }
        return List.of(path.split("/"));
    }
}
