package dev.hako.sys;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's root directory, held open, and every path inside it resolved the way the
 * container would resolve it: symlinks are followed (an absolute target starts again at this
 * root), ".." stops at the root, and nothing ever leads out of it, while the container's processes
 * rename and swap what they like. A container's root is hostile territory: paths are resolved once,
 * from the root's descriptor, into a descriptor, and everything after works on descriptors, never
 * on a path string that could mean something else a moment later.
 *
 * <p>Resolution is openat2(2) with RESOLVE_IN_ROOT (the kernel keeps ".." and absolute symlinks
 * in the root, atomically) and RESOLVE_NO_MAGICLINKS (a procfs link such as /proc/self/root would
 * jump anywhere). Kernels before 5.6 get {@link InRootWalk}, one O_PATH|O_NOFOLLOW step at a time.
 */
public final class RootDir implements AutoCloseable {
    /** Linux's own limit per lookup (MAXSYMLINKS), which openat2 applies too. */
    static final int MAX_SYMLINKS = 40;
    /**
     * openat2 fails with EAGAIN when a rename anywhere in the system races a ".." lookup; a
     * container that renames in a loop could keep it failing, so after this many tries the walk,
     * which does not care, takes over.
     */
    private static final int OPENAT2_TRIES = 16;
    private static final int PATH_ONLY = Native.O_PATH | Native.O_CLOEXEC;

    private static volatile boolean noOpenat2;

    private final Fd root;
    private final boolean walkOnly;

    private RootDir(Fd root, boolean walkOnly) {
        this.root = root;
        this.walkOnly = walkOnly;
    }

    /** Opens {@code hostPath} as a root. The path itself is trusted: it is hakod's own mount of the root. */
    public static RootDir open(Path hostPath) throws SysException {
        return open(hostPath, false);
    }

    /** As {@link #open(Path)}, resolving with the walk alone, as on a kernel without openat2 (for tests). */
    static RootDir open(Path hostPath, boolean walkOnly) throws SysException {
        int fd = AtCalls.openat(AtCalls.AT_FDCWD, hostPath.toString(), PATH_ONLY | Native.O_DIRECTORY, 0);
        return new RootDir(new Fd(fd), walkOnly);
    }

    /**
     * An O_PATH descriptor of {@code path} (absolute or relative, either way from this root). A
     * symlink as the last component is followed only when {@code followLast}; otherwise the
     * descriptor is the link itself.
     */
    public Fd open(String path, boolean followLast) throws SysException {
        if (path.indexOf('\0') >= 0) {
            throw new SysException("resolve", path.replace("\0", "\\0"), Errno.EINVAL);
        }
        if (path.isEmpty()) {
            path = "."; // openat2 takes no empty path
        }
        if (!walkOnly && !noOpenat2) {
            int flags = PATH_ONLY | (followLast ? 0 : Native.O_NOFOLLOW);
            for (int i = 0; i < OPENAT2_TRIES; i++) {
                try {
                    return new Fd(AtCalls.openat2(root.number(), path, flags,
                            AtCalls.RESOLVE_IN_ROOT | AtCalls.RESOLVE_NO_MAGICLINKS));
                } catch (SysException e) {
                    if (e.errno() == Errno.ENOSYS) {
                        noOpenat2 = true;
                        break;
                    }
                    if (e.errno() != Errno.EAGAIN) {
                        throw e;
                    }
                }
            }
        }
        return new Fd(InRootWalk.resolve(root.number(), path, followLast));
    }

    /** As {@link #open}, or empty when the path does not exist (ENOENT) or runs through a non-directory (ENOTDIR). */
    public Optional<Fd> find(String path, boolean followLast) throws SysException {
        try {
            return Optional.of(open(path, followLast));
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The directory {@code path}, symlinks followed; ENOTDIR when it is something else. */
    public Dir openDir(String path) throws SysException {
        try (Fd fd = open(path, true)) {
            return Dir.of(fd);
        }
    }

    /**
     * Makes directory {@code path} with the parents it lacks, as {@code mkdir -p} in the container
     * would, and returns it. The part that exists is resolved in the root; each missing directory is
     * created in the one before it by name, opened without following symlinks, then given
     * {@code mode} (exactly: no umask) and {@code uid}:{@code gid}. Existing directories are left as
     * they are. A symlink that leads nowhere is refused (as Go's MkdirAll and securejoin refuse
     * it), so is a ".." below a missing directory; ENOTDIR names a non-directory in the way.
     */
    public Dir mkdirs(String path, int mode, int uid, int gid) throws SysException {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        // The longest prefix that exists: the whole path, else shorter ones (securejoin's partial lookup).
        int existing = parts.size();
        Dir dir = null;
        while (dir == null) {
            try {
                dir = openDir(String.join("/", parts.subList(0, existing)));
            } catch (SysException e) {
                if (e.errno() != Errno.ENOENT || existing == 0) {
                    throw e;
                }
                existing--;
            }
        }
        List<String> missing = parts.subList(existing, parts.size());
        if (missing.contains("..")) {
            dir.close();
            throw new SysException("mkdirs", path + " (\"..\" below a missing directory)", Errno.ENOENT);
        }
        for (String name : missing) {
            Dir parent = dir;
            try (parent) {
                dir = made(parent, name, mode, uid, gid);
            }
        }
        return dir;
    }

    /** Directory {@code name} of {@code parent}, made unless it is there; a symlink there is refused. */
    private static Dir made(Dir parent, String name, int mode, int uid, int gid) throws SysException {
        boolean made = true;
        try {
            parent.mkdir(name, 0700);
        } catch (SysException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
            made = false; // made meanwhile, or not a directory: openDir tells
        }
        Dir dir = parent.openDir(name);
        try {
            if (made) {
                Stat stat = dir.fd().stat();
                if (stat.uid() != uid || stat.gid() != gid) {
                    dir.fd().chown(uid, gid); // only when needed: an unprivileged caller (a test) may not chown
                }
                dir.fd().chmod(mode);
            }
            return dir;
        } catch (SysException e) {
            dir.close();
            throw e;
        }
    }

    @Override
    public void close() throws SysException {
        root.close();
    }
}
