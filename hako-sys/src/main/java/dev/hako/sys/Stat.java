package dev.hako.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;

/**
 * What statx(2) says about one file (never the target of a symlink).
 *
 * @param mode the twelve permission bits (setuid, setgid and sticky included)
 * @param device the file system the file is on, with {@code inode} its identity
 */
public record Stat(Type type, int mode, int uid, int gid, long size, long device, long inode, Instant modified) {
    public enum Type { FILE, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isRegularFile() {
        return type == Type.FILE;
    }

    public boolean isSymlink() {
        return type == Type.SYMLINK;
    }

    /** Whether this and {@code other} are the same file. */
    public boolean sameFile(Stat other) {
        return device == other.device && inode == other.inode;
    }

    /** struct statx: offsets from linux/stat.h, the same on every architecture. */
    static Stat fromStatx(MemorySegment buf) {
        int rawMode = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, 28));
        long mtimeSeconds = buf.get(ValueLayout.JAVA_LONG, 112);
        int mtimeNanos = buf.get(ValueLayout.JAVA_INT, 120);
        long device = ((long) buf.get(ValueLayout.JAVA_INT, 136) << 32) | Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, 140));
        return new Stat(type(rawMode), rawMode & 07777,
                buf.get(ValueLayout.JAVA_INT, 20), buf.get(ValueLayout.JAVA_INT, 24),
                buf.get(ValueLayout.JAVA_LONG, 40), device, buf.get(ValueLayout.JAVA_LONG, 32),
                Instant.ofEpochSecond(mtimeSeconds, Integer.toUnsignedLong(mtimeNanos)));
    }

    private static Type type(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> Type.FILE;
            case 0040000 -> Type.DIRECTORY;
            case 0120000 -> Type.SYMLINK;
            case 0020000 -> Type.CHAR_DEVICE;
            case 0060000 -> Type.BLOCK_DEVICE;
            case 0010000 -> Type.FIFO;
            default -> Type.SOCKET;
        };
    }
}
