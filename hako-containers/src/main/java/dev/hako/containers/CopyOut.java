package dev.hako.containers;

import dev.hako.archive.NonClosingOutputStream;
import dev.hako.sys.Dir;
import dev.hako.sys.Errno;
import dev.hako.sys.Fd;
import dev.hako.sys.Stat;
import dev.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar {@code hako cp} copies out of a container: a file, a symlink, or a directory and
 * everything below it. The walk holds a descriptor of each entry (an O_PATH one, opened by name
 * from its directory's descriptor without following symlinks) and takes the header, the content
 * and the link target from that one descriptor, so what the container renames meanwhile can
 * neither lead the copy out of its root nor mix two files into one entry. Devices, FIFOs and
 * sockets are left out.
 */
final class CopyOut {
    private final TarArchiveOutputStream tar;
    private final byte[] buffer = new byte[64 * 1024];

    private CopyOut(TarArchiveOutputStream tar) {
        this.tar = tar;
    }

    /** Writes {@code source} (an O_PATH descriptor) and what is below it to {@code out}, named {@code top}. */
    static void write(Fd source, String top, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            new CopyOut(tar).add(source, top);
            tar.finish();
        }
    }

    private void add(Fd entry, String name) throws IOException {
        Stat stat = entry.stat();
        switch (stat.type()) {
            case DIRECTORY -> {
                put(new TarArchiveEntry(name + "/"), stat);
                tar.closeArchiveEntry();
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
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(stat.size());
                put(e, stat);
                try (Fd file = entry.reopenForReading()) {
                    content(file.inputStream(), stat.size());
                }
                tar.closeArchiveEntry();
            }
            case SYMLINK -> {
                TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(entry.readlink());
                put(e, stat);
                tar.closeArchiveEntry();
            }
            default -> {
                // devices, FIFOs and sockets are not copied out
            }
        }
    }

    private void put(TarArchiveEntry e, Stat stat) throws IOException {
        e.setMode(stat.mode());
        e.setUserId(Integer.toUnsignedLong(stat.uid()));
        e.setGroupId(Integer.toUnsignedLong(stat.gid()));
        e.setModTime(stat.modified().toEpochMilli());
        tar.putArchiveEntry(e);
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
