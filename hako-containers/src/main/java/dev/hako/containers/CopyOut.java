package dev.hako.containers;

import dev.hako.archive.NonClosingOutputStream;
import dev.hako.sys.Dir;
import dev.hako.sys.Errno;
import dev.hako.sys.Fd;
import dev.hako.sys.Stat;
import dev.hako.sys.SysException;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The tar {@code hako cp} copies out of a container: a file, a symlink, or a directory and
 * everything below it. The walk holds a descriptor of each entry (an O_PATH one, opened by name
 * from its directory's descriptor without following symlinks) and takes the header, the content
 * and the link target from that one descriptor, so what the container renames meanwhile can
 * neither lead the copy out of its root nor mix two files into one entry. Devices, FIFOs and
 * sockets are left out.
 */
final class CopyOut {
    private final TarWriter tar;
    private final byte[] buffer = new byte[64 * 1024];

    private CopyOut(TarWriter tar) {
        this.tar = tar;
    }

    /** Writes {@code source} (an O_PATH descriptor) and what is below it to {@code out}, named {@code top}. */
    static void write(Fd source, String top, OutputStream out) throws IOException {
        try (TarWriter tar = new TarWriter(new NonClosingOutputStream(out))) {
            new CopyOut(tar).add(source, top);
            tar.finish();
        }
    }

    private void add(Fd entry, String name) throws IOException {
        Stat stat = entry.stat();
        switch (stat.type()) {
            case DIRECTORY -> {
                tar.add(withStat(TarEntry.directory(name), stat));
                try (Dir dir = Dir.of(entry)) {
                    for (String child : dir.list().stream().sorted().toList()) {
                        Fd childFd;
                        try {
                            childFd = dir.open(child);
                        } catch (SysException e) {
                            if (e.errno() == Errno.ENOENT) {
                                continue; // removed since the listing
                            }
                            throw e;
                        }
                        try (childFd) {
                            add(childFd, name + "/" + child);
                        }
                    }
                }
            }
            case FILE -> {
                tar.putEntry(withStat(TarEntry.file(name, stat.size()), stat));
                try (Fd file = entry.reopenForReading()) {
                    content(file.inputStream(), stat.size());
                }
                tar.closeEntry();
            }
            case SYMLINK -> {
                tar.add(withStat(TarEntry.symlink(name, entry.readlink()), stat));
            }
            default -> {
                // devices, FIFOs and sockets are not copied out
            }
        }
    }

    /** The entry with the file's mode, owner and time; the time to the millisecond, as cp has always copied it. */
    private static TarEntry withStat(TarEntry e, Stat stat) {
        return e.withMode(stat.mode() & 07777)
                .withOwner(Integer.toUnsignedLong(stat.uid()), Integer.toUnsignedLong(stat.gid()))
                .withModified(stat.modified().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Exactly the {@code size} bytes the header promised: a file that grew is cut, one that shrank is padded with zeros. */
    private void content(InputStream in, long size) throws IOException {
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                break;
            }
            tar.write(buffer, 0, n);
            left -= n;
        }
        Arrays.fill(buffer, (byte) 0);
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            tar.write(buffer, 0, n);
            left -= n;
        }
    }
}
