package dev.hako.archive;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.hako.errdefs.HakoException;
import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** Copies a file of a lower layer into the layer being finished, as overlayfs copies up: content and metadata. */
final class CopyUp {
    private static final Set<OpenOption> NEW_FILE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW_LINKS);

    private CopyUp() {}

    /** Copies {@code source} to {@code destination}, which must not exist; returns bytes of content copied. */
    static long copy(LowerLayers.Found source, Path destination) throws IOException {
        FileStat stat = source.stat();
        long copied = 0;
        switch (stat.type()) {
            case FileStat.S_IFREG -> {
                try (FileChannel in = FileChannel.open(source.path(), StandardOpenOption.READ, NOFOLLOW_LINKS);
                        FileChannel out = FileChannel.open(destination, NEW_FILE)) {
                    long size = in.size();
                    while (copied < size) {
                        long n = in.transferTo(copied, size - copied, out); // copy_file_range where it can
                        if (n <= 0) {
                            break;
                        }
                        copied += n;
                    }
                }
            }
            case FileStat.S_IFLNK -> Files.createSymbolicLink(destination, Files.readSymbolicLink(source.path()));
            case Syscalls.S_IFCHR, Syscalls.S_IFBLK, Syscalls.S_IFIFO ->
                    Syscalls.mknod(destination, stat.type() | (stat.mode() & 0777), stat.rdev());
            default -> throw HakoException.invalid("%s cannot be copied up: file type %o", source.path(), stat.type());
        }
        copyMetadata(source.path(), stat, destination);
        return copied;
    }

    /**
     * Owner, mode, xattrs and times of {@code source} onto {@code destination}, in the order the
     * kernel needs (see {@link EntryMetadata}). overlayfs's own xattrs stay where they are: an
     * opaque lower directory must not make this layer's directory opaque.
     */
    static void copyMetadata(Path source, FileStat stat, Path destination) throws IOException {
        Syscalls.lchown(destination, stat.uid(), stat.gid());
        boolean symlink = stat.type() == FileStat.S_IFLNK;
        if (!symlink) {
            Syscalls.chmod(destination, stat.mode() & 07777);
        }
        for (String name : Syscalls.llistxattr(source)) {
            if (!name.startsWith(EntryMetadata.OVERLAY_XATTR_PREFIX)) {
                byte[] value = Syscalls.lgetxattr(source, name).orElse(null);
                if (value != null) {
                    EntryMetadata.setXattr(destination, name, value);
                }
            }
        }
        EntryMetadata.times(destination, stat.accessed(), stat.modified());
    }
}
