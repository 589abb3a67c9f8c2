package dev.hako.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * What a directory tree takes on disk, as {@code du} and containerd's snapshotters count it: the
 * blocks allocated to each inode (directories included), an inode reached through several hard
 * links counted once, symbolic links not followed.
 *
 * @param bytes allocated bytes (st_blocks × 512)
 * @param inodes distinct inodes
 */
public record DiskUsage(long bytes, long inodes) {
    public static final DiskUsage NONE = new DiskUsage(0, 0);

    // struct stat: st_dev, st_ino and st_blocks sit at these offsets on x86_64 and aarch64 alike.
    private static final long ST_DEV = 0;
    private static final long ST_INO = 8;
    private static final long ST_BLOCKS = 64;
    private static final long STAT_SIZE = 256; // larger than either architecture's struct
    private static final int PATH_MAX = 4096;
    private static final MethodHandle LSTAT = Native.function("lstat",
            FunctionDescriptor.of(Native.INT, Native.PTR, Native.PTR));

    /** The usage of {@code root} and everything under it; NONE when it does not exist. Entries removed meanwhile are skipped. */
    public static DiskUsage of(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return NONE;
        }
        Set<Inode> seen = new HashSet<>();
        long[] bytes = {0};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stat = arena.allocate(STAT_SIZE);
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            MemorySegment name = arena.allocate(PATH_MAX);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    count(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    count(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while walking, or unreadable: not counted
                }

                private void count(Path p) throws SysException {
                    if (!lstat(p, name, stat, state)) {
                        return;
                    }
                    if (seen.add(new Inode(stat.get(Native.LONG, ST_DEV), stat.get(Native.LONG, ST_INO)))) {
                        bytes[0] += stat.get(Native.LONG, ST_BLOCKS) * 512;
                    }
                }
            });
        }
        return new DiskUsage(bytes[0], seen.size());
    }

    /** false when the entry is gone (ENOENT, ENOTDIR: removed meanwhile). {@code name} is reused for each path. */
    private static boolean lstat(Path p, MemorySegment name, MemorySegment stat, MemorySegment state) throws SysException {
        byte[] bytes = p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length >= PATH_MAX) {
            throw new SysException("lstat", p.toString(), Errno.ENAMETOOLONG);
        }
        MemorySegment.copy(bytes, 0, name, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        name.set(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        int r;
        try {
            r = (int) LSTAT.invokeExact(state, name, stat);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        if (r == 0) {
            return true;
        }
        int errno = Native.errno(state);
        if (errno == Errno.ENOENT || errno == Errno.ENOTDIR) {
            return false;
        }
        throw new SysException("lstat", p.toString(), errno);
    }

    private record Inode(long dev, long ino) {}
}
