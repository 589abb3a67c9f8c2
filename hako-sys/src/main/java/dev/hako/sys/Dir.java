package dev.hako.sys;

import java.util.List;
import java.util.Optional;

/**
 * A directory held open, and the entries in it by name. A name is one component (no "/", not "."
 * or ".."), and the entry it names is never followed when it is a symlink: nothing here resolves
 * a path, so nothing here can be led out of the directory, whatever its contents do meanwhile.
 */
public final class Dir implements AutoCloseable {
    private static final int CREATE_FILE = Native.O_WRONLY | Native.O_CREAT | Native.O_EXCL | Native.O_NOFOLLOW
            | Native.O_CLOEXEC | Native.O_NOCTTY;
    private static final int OPEN_DIR = Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW | Native.O_CLOEXEC;
    private static final int OPEN_ENTRY = Native.O_PATH | Native.O_NOFOLLOW | Native.O_CLOEXEC;

    private final Fd fd;

    /** Takes over {@code fd}, a directory opened for reading (so it can be listed and chmod'ed). */
    Dir(Fd fd) {
        this.fd = fd;
    }

    /** Opens the directory {@code path} pins (an O_PATH descriptor of it) for reading. */
    public static Dir of(Fd path) throws SysException {
        return new Dir(new Fd(AtCalls.openat(path.number(), ".", OPEN_DIR, 0)));
    }

    public Fd fd() {
        return fd;
    }

    /** The entry {@code name} itself, or empty when there is none. */
    public Optional<Stat> stat(String name) throws SysException {
        try {
            return Optional.of(AtCalls.statx(fd.number(), check(name), name));
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** An O_PATH descriptor of the entry {@code name}, whatever it is (a symlink is the link). */
    public Fd open(String name) throws SysException {
        return new Fd(AtCalls.openat(fd.number(), check(name), OPEN_ENTRY, 0));
    }

    /** The subdirectory {@code name}; a symlink there is refused (ELOOP or ENOTDIR), not followed. */
    public Dir openDir(String name) throws SysException {
        return new Dir(new Fd(AtCalls.openat(fd.number(), check(name), OPEN_DIR, 0)));
    }

    /** Creates file {@code name} for writing; EEXIST when anything is there already, a symlink included. */
    public Fd createFile(String name, int mode) throws SysException {
        return new Fd(AtCalls.openat(fd.number(), check(name), CREATE_FILE, mode));
    }

    /** mkdirat(2): {@code mode} is filtered by the umask. */
    public void mkdir(String name, int mode) throws SysException {
        AtCalls.mkdirat(fd.number(), check(name), mode);
    }

    public void symlink(String name, String target) throws SysException {
        AtCalls.symlinkat(target, fd.number(), check(name));
    }

    /** Removes {@code name}: a file, symlink or other non-directory. */
    public void remove(String name) throws SysException {
        AtCalls.unlinkat(fd.number(), check(name), false);
    }

    /** Removes the empty directory {@code name}. */
    public void removeDir(String name) throws SysException {
        AtCalls.unlinkat(fd.number(), check(name), true);
    }

    /** Renames {@code from} to {@code to} within this directory; EEXIST when {@code to} is taken (nothing is replaced). */
    public void rename(String from, String to) throws SysException {
        AtCalls.renameNoReplace(fd.number(), check(from), check(to));
    }

    /** The names of the entries, "." and ".." left out. */
    public List<String> list() throws SysException {
        return AtCalls.getdents(fd.number());
    }

    @Override
    public void close() throws SysException {
        fd.close();
    }

    /** A name of one component: the one thing a directory resolves without help. */
    static String check(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a name in a directory: \"" + name.replace("\0", "\\0") + "\"");
        }
        return name;
    }
}
