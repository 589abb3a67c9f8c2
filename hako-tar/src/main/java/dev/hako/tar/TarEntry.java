package dev.hako.tar;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One member of a tar archive as its headers describe it, after PAX and GNU extension headers
 * have been merged in; or one for {@link TarWriter} to write, built with the factories and the
 * {@code with} methods. Names are as stored: not cleaned, not checked.
 *
 * @param name the member's path as stored
 * @param type what kind of file it is
 * @param linkName the target of a symbolic or hard link; empty for other types
 * @param mode the twelve permission bits (setuid, setgid and sticky included)
 * @param size bytes of content that follow the header (0 for types that carry none)
 * @param modified modification time, to the nanosecond when a PAX header gives it
 * @param accessed access time, or null when the archive records none
 * @param xattrs extended attributes from PAX records, values as raw bytes
 */
public record TarEntry(
        String name,
        Type type,
        String linkName,
        int mode,
        long uid,
        long gid,
        long size,
        Instant modified,
        Instant accessed,
        int devMajor,
        int devMinor,
        Map<String, byte[]> xattrs) {

    public enum Type { FILE, HARD_LINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO }

    public TarEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(linkName, "linkName");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(xattrs, "xattrs");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }

    /** A regular file of {@code size} bytes to write: mode 0644, root's, modified at the epoch. */
    public static TarEntry file(String name, long size) {
        return new TarEntry(name, Type.FILE, "", 0644, 0, 0, size, Instant.EPOCH, null, 0, 0, Map.of());
    }

    /** A directory to write: mode 0755, root's, modified at the epoch. */
    public static TarEntry directory(String name) {
        return new TarEntry(name, Type.DIRECTORY, "", 0755, 0, 0, 0, Instant.EPOCH, null, 0, 0, Map.of());
    }

    /** A symbolic link to write: mode 0777, root's, modified at the epoch. */
    public static TarEntry symlink(String name, String target) {
        return new TarEntry(name, Type.SYMLINK, target, 0777, 0, 0, 0, Instant.EPOCH, null, 0, 0, Map.of());
    }

    /** A hard link to write, to {@code target} (a name earlier in the archive): mode 0644, root's. */
    public static TarEntry hardLink(String name, String target) {
        return new TarEntry(name, Type.HARD_LINK, target, 0644, 0, 0, 0, Instant.EPOCH, null, 0, 0, Map.of());
    }

    public TarEntry withMode(int mode) {
        return new TarEntry(name, type, linkName, mode, uid, gid, size, modified, accessed, devMajor, devMinor, xattrs);
    }

    public TarEntry withOwner(long uid, long gid) {
        return new TarEntry(name, type, linkName, mode, uid, gid, size, modified, accessed, devMajor, devMinor, xattrs);
    }

    public TarEntry withModified(Instant modified) {
        return new TarEntry(name, type, linkName, mode, uid, gid, size, modified, accessed, devMajor, devMinor, xattrs);
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
