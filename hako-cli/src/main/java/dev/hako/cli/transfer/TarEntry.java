package dev.hako.cli.transfer;

/**
 * One member of a tar stream, as `cp` reads and writes them.
 *
 * @param name     the path inside the archive, without a trailing slash
 * @param mode     permission bits, setuid/setgid/sticky included (07777)
 * @param mtime    seconds since the epoch
 * @param linkName a symlink's target, or a hard link's path inside the archive; "" otherwise
 */
public record TarEntry(String name, Type type, int mode, long uid, long gid, long size, long mtime,
                       String linkName, int devMajor, int devMinor) {
    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    public TarEntry {
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + name);
        }
        if (type != Type.FILE) {
            size = 0;
        }
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
