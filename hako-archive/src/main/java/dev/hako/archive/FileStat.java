package dev.hako.archive;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/** What lstat(2) says about a file, as far as copying it between layers needs. */
record FileStat(int mode, int uid, int gid, long rdev, long size, Instant accessed, Instant modified) {
    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;
    static final int S_IFCHR = 0020000;

    /** The file itself, never a symlink's target; null when there is none. */
    static FileStat lstat(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,uid,gid,rdev,size,lastAccessTime,lastModifiedTime",
                    NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("rdev"), (Long) a.get("size"), ((FileTime) a.get("lastAccessTime")).toInstant(),
                ((FileTime) a.get("lastModifiedTime")).toInstant());
    }

    int type() {
        return mode & S_IFMT;
    }

    boolean isDirectory() {
        return type() == S_IFDIR;
    }

    /** overlayfs's whiteout: a character device numbered 0:0. */
    boolean isWhiteout() {
        return type() == S_IFCHR && rdev == 0;
    }
}
