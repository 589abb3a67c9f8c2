package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.sys.Dir;
import dev.hako.sys.Errno;
import dev.hako.sys.Fd;
import dev.hako.sys.RootDir;
import dev.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code hako cp} through the container's mounted root filesystem, as tar streams. The container
 * may be running and hostile: its root is opened as a {@link RootDir}, the path is resolved in it
 * the way the container would resolve it (symlinks stay inside its root), and the copy then works
 * on descriptors only ({@link CopyOut}, {@link CopyIn}), never on a path the container could
 * redirect between a check and a use.
 */
final class Copier {
    private final ContainerStore store;
    private final ContainerPaths paths;

    Copier(ContainerStore store, ContainerPaths paths) {
        this.store = store;
        this.paths = paths;
    }

    /** A tar of {@code path} (a file, or a directory and everything in it) named by its last component. */
    void copyFrom(String ref, String path, OutputStream out) throws IOException {
        try (RootDir root = root(ref)) {
            // As docker cp: symlinks on the way are followed (inside the root), the last component is
            // copied as it is, unless the path asks for what it names ("dir/.").
            String trimmed = path.replaceAll("/+$", "");
            boolean followLast = trimmed.isEmpty() || trimmed.equals(".") || trimmed.equals("..")
                    || trimmed.endsWith("/.") || trimmed.endsWith("/..");
            Fd source;
            try {
                source = root.open(path, followLast);
            } catch (SysException e) {
                throw missing(e, "Could not find the file %s in container %s", path, ref);
            }
            try (source) {
                CopyOut.write(source, topName(path), out);
            }
        }
    }

    /** Extracts a tar into directory {@code path} of the container; a failed upload is rolled back. */
    void copyTo(String ref, String path, InputStream in) throws IOException {
        try (RootDir root = root(ref)) {
            Dir destination;
            try {
                destination = root.openDir(path);
            } catch (SysException e) {
                throw missing(e, "Could not find the directory %s in container %s", path, ref);
            }
            try (destination) {
                CopyIn.extract(destination, path, in);
            }
        }
    }

    private RootDir root(String ref) throws IOException {
        ContainerRecord r = store.resolve(ref);
        try {
            return RootDir.open(paths.rootfs(r.id()));
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT) {
                throw HakoException.notFound("container %s has no root file system", ref);
            }
            throw e;
        }
    }

    /** What the copy's top entry is called: the path's last name, "." for the root (as docker's archive). */
    private static String topName(String path) {
        Deque<String> names = new ArrayDeque<>();
        for (String n : path.split("/")) {
            if (n.equals("..")) {
                names.pollLast();
            } else if (!n.isEmpty() && !n.equals(".")) {
                names.addLast(n);
            }
        }
        return names.isEmpty() ? "." : names.getLast();
    }

    /** A path that does not resolve, as the client should hear it; other failures as they are. */
    private static HakoException missing(SysException e, String format, String path, String ref) throws SysException {
        return switch (e.errno()) {
            case Errno.ENOENT, Errno.ENOTDIR -> HakoException.notFound(format, path, ref);
            case Errno.ELOOP -> HakoException.invalid("copy: too many levels of symbolic links in %s", path);
            case Errno.EINVAL -> HakoException.invalid("copy: invalid path \"%s\"", path.replace("\0", "\\0"));
            default -> throw e;
        };
    }
}
