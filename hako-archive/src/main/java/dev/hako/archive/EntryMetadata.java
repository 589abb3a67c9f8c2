package dev.hako.archive;

import dev.hako.sys.Errno;
import dev.hako.sys.SysException;
import dev.hako.sys.Syscalls;
import dev.hako.tar.TarEntry;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Gives an unpacked file the owner, mode, extended attributes and times its entry records, in the
 * order the kernel needs: chown clears setuid/setgid bits and file capabilities, so it comes
 * before chmod and setxattr; times come last.
 */
final class EntryMetadata {
    /** overlayfs's own attributes. Layers may not set them: whiteouts are the only way in. */
    static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";

    /** One creation attribute per nine-bit mode, made once: files are created by the ten thousand. */
    private static final List<FileAttribute<Set<PosixFilePermission>>> PERMISSIONS =
            IntStream.range(0, 01000).mapToObj(EntryMetadata::attributeFor).toList();

    private final ProcessIdentity identity;

    EntryMetadata(ProcessIdentity identity) {
        this.identity = identity;
    }

    /** The attribute that creates a file with the low nine bits of {@code mode} (less the umask). */
    static FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
        return PERMISSIONS.get(mode & 0777);
    }

    private static FileAttribute<Set<PosixFilePermission>> attributeFor(int bits) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((bits & (0400 >> i)) != 0) {
                set.add(all[i]);
            }
        }
        return PosixFilePermissions.asFileAttribute(set);
    }

    /**
     * Owner, mode and xattrs of a file, device or directory; its times are separate because a
     * directory's are set only once its content is written.
     *
     * @param fresh whether it was just created with {@link #permissions} in a directory without
     *     the setgid bit, so that it already has the process's owner and the umasked mode; when
     *     false (an existing directory, or a parent that passes on its group and setgid bit)
     *     owner and mode are always set
     */
    void ownerModeXattrs(Path path, TarEntry entry, boolean fresh) throws SysException {
        if (!fresh || !identity.createsAs(entry.uid(), entry.gid())) {
            Syscalls.lchown(path, (int) entry.uid(), (int) entry.gid());
        }
        if (!fresh || !identity.createsWithMode(entry.mode())) {
            Syscalls.chmod(path, entry.mode());
        }
        xattrs(path, entry.xattrs());
    }

    /** Owner and xattrs of a symlink, which has no mode of its own to set, then its times. */
    void symlink(Path path, TarEntry entry, boolean fresh) throws SysException {
        if (!fresh || !identity.createsAs(entry.uid(), entry.gid())) {
            Syscalls.lchown(path, (int) entry.uid(), (int) entry.gid());
        }
        xattrs(path, entry.xattrs());
        times(path, entry.accessed(), entry.modified());
    }

    /** Sets access and modification time, never following a symlink; no access time means the modification time. */
    static void times(Path path, Instant accessed, Instant modified) throws SysException {
        Instant atime = accessed != null ? accessed : modified;
        Syscalls.lutimes(path, atime.getEpochSecond(), atime.getNano(), modified.getEpochSecond(), modified.getNano());
    }

    static void xattrs(Path path, Map<String, byte[]> xattrs) throws SysException {
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            if (!xattr.getKey().startsWith(OVERLAY_XATTR_PREFIX)) {
                setXattr(path, xattr.getKey(), xattr.getValue());
            }
        }
    }

    /** Sets one xattr; a file system that cannot store its namespace at all is passed over, as containerd does. */
    static void setXattr(Path path, String name, byte[] value) throws SysException {
        try {
            Syscalls.lsetxattr(path, name, value);
        } catch (SysException e) {
            if (e.errno() != Errno.EOPNOTSUPP) {
                throw e;
            }
        }
    }
}
