package dev.hako.spec.user;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.Errno;
import dev.hako.sys.Fd;
import dev.hako.sys.RootDir;
import dev.hako.sys.Stat;
import dev.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A container's root file system, held open, for what the spec needs from it: /etc/passwd and
 * /etc/group, and the working directory. Paths are resolved the way the container resolves them
 * (symlinks followed inside the root, an absolute target starting again at the root, ".." stopping
 * there) by {@link RootDir}, so a hostile image whose /etc/passwd is a symlink to
 * "/../../etc/shadow" names its own /etc/shadow, never the host's; and what is resolved is then
 * used through its descriptor, so a running container (exec) that swaps a directory for a symlink
 * meanwhile cannot redirect the read either.
 */
public final class RootPath implements AutoCloseable {
    private final RootDir root;

    private RootPath(RootDir root) {
        this.root = root;
    }

    /** {@code hostRoot} is the host path of the container's root file system (trusted: it is hakod's own mount). */
    public static RootPath open(Path hostRoot) throws IOException {
        return new RootPath(RootDir.open(hostRoot));
    }

    /**
     * The bytes of a small regular file inside the root; empty when it does not exist. A file that is
     * not regular (a FIFO would block, a device never end) or larger than {@code maxBytes} is refused.
     */
    public Optional<byte[]> readSmallFile(String path, int maxBytes) throws IOException {
        Optional<Fd> found;
        try {
            found = root.find(path, true);
        } catch (SysException e) {
            throw refused(path, e);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (Fd fd = found.get()) {
            Stat stat = fd.stat();
            if (!stat.isRegularFile()) {
                throw HakoException.invalid("%s in the image is not a regular file", path);
            }
            if (stat.size() > maxBytes) {
                throw HakoException.invalid("%s in the image is larger than %d bytes", path, maxBytes);
            }
            try (Fd file = fd.reopenForReading(); InputStream in = file.inputStream()) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw HakoException.invalid("%s in the image is larger than %d bytes", path, maxBytes);
                }
                return Optional.of(bytes);
            }
        }
    }

    /**
     * Makes directory {@code path} inside the root with its missing parents (mode 0755), giving each
     * directory it creates to {@code uid}:{@code gid}; existing ones are left as they are.
     */
    public void mkdirs(String path, long uid, long gid) throws IOException {
        try {
            root.mkdirs(path, 0755, (int) uid, (int) gid).close();
        } catch (SysException e) {
            throw HakoException.invalid("cannot create directory %s: %s", path, obstacle(path, e));
        }
    }

    /** What stands in the way of {@code path}, for a message: the first component that is not a directory. */
    private String obstacle(String path, SysException failure) throws SysException {
        StringBuilder prefix = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            prefix.append('/').append(part);
            Optional<Fd> followed = root.find(prefix.toString(), true);
            if (followed.isEmpty()) {
                Optional<Fd> itself = root.find(prefix.toString(), false);
                if (itself.isPresent()) {
                    itself.get().close();
                    return prefix + " in the image is a symbolic link that leads nowhere";
                }
                break;
            }
            try (Fd fd = followed.get()) {
                if (!fd.stat().isDirectory()) {
                    return prefix + " exists in the image and is not a directory";
                }
            }
        }
        return failure.errno() == Errno.ELOOP ? "too many levels of symbolic links" : failure.getMessage();
    }

    private static HakoException refused(String path, SysException e) {
        String printable = path.replace("\0", "\\0");
        if (e.errno() == Errno.ELOOP) {
            return HakoException.invalid("too many levels of symbolic links in %s", printable);
        }
        return HakoException.invalid("cannot read %s in the image: %s", printable, e.getMessage());
    }

    @Override
    public void close() throws IOException {
        root.close();
    }
}
