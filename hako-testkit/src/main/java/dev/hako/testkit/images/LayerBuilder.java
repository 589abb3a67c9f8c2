package dev.hako.testkit.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds a layer tarball entry by entry, including entries no well-behaved tool would write
 * (traversal, absolute names, links out of the root), so tests can feed hako hostile layers.
 */
public final class LayerBuilder {
    public static final Instant DEFAULT_TIME = Instant.parse("2024-01-02T03:04:05Z");

    private final List<Consumer<TarArchiveOutputStream>> entries = new ArrayList<>();

    public LayerBuilder dir(String name, int mode) {
        return dir(name, mode, 0, 0);
    }

    public LayerBuilder dir(String name, int mode, int uid, int gid) {
        return add(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, uid, gid), null);
    }

    public LayerBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
    }

    public LayerBuilder file(String name, byte[] content, int mode, int uid, int gid) {
        return add(entry(name, TarConstants.LF_NORMAL, mode, uid, gid), content);
    }

    public LayerBuilder fileWithXattr(String name, String content, Map<String, String> xattrs) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644, 0, 0);
        xattrs.forEach((k, v) -> e.addPaxHeader("SCHILY.xattr." + k, v));
        return add(e, content.getBytes(StandardCharsets.UTF_8));
    }

    public LayerBuilder symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777, 0, 0);
        e.setLinkName(target);
        return add(e, null);
    }

    public LayerBuilder hardlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644, 0, 0);
        e.setLinkName(target);
        return add(e, null);
    }

    public LayerBuilder charDevice(String name, int major, int minor, int mode) {
        TarArchiveEntry e = entry(name, TarConstants.LF_CHR, mode, 0, 0);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return add(e, null);
    }

    public LayerBuilder fifo(String name, int mode) {
        return add(entry(name, TarConstants.LF_FIFO, mode, 0, 0), null);
    }

    /** An OCI whiteout: hides {@code path} of the layers below. */
    public LayerBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash + 1);
        return file(dir + ".wh." + path.substring(slash + 1), new byte[0], 0644, 0, 0);
    }

    /** An OCI opaque whiteout: hides everything the layers below have in {@code dir}. */
    public LayerBuilder opaque(String dir) {
        String d = dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
        return file(d + ".wh..wh..opq", new byte[0], 0644, 0, 0);
    }

    /** Any entry, as given. */
    public LayerBuilder raw(TarArchiveEntry entry, byte[] content) {
        return add(entry, content);
    }

    public byte[] build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Consumer<TarArchiveOutputStream> e : entries) {
                e.accept(tar);
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The tar as umoci 0.4.7 writes layers: it ends right after the last entry's content, without
     * the padding to 512 bytes and without the two zero blocks (Go's tar reader accepts this).
     */
    public byte[] buildUnpadded() {
        byte[] tar = build();
        int offset = 0;
        int end = 0;
        while (offset + 512 <= tar.length && !zeroBlock(tar, offset)) {
            long size = Long.parseLong(new String(tar, offset + 124, 12, java.nio.charset.StandardCharsets.US_ASCII)
                    .replace("\0", "").trim(), 8);
            end = offset + 512 + (int) size;
            offset = end + (int) ((512 - size % 512) % 512);
        }
        return java.util.Arrays.copyOf(tar, end);
    }

    private static boolean zeroBlock(byte[] tar, int offset) {
        for (int i = offset; i < offset + 512; i++) {
            if (tar[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private LayerBuilder add(TarArchiveEntry e, byte[] content) {
        entries.add(tar -> {
            try {
                if (content != null) {
                    e.setSize(content.length);
                }
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        return this;
    }

    private static TarArchiveEntry entry(String name, byte type, int mode, int uid, int gid) {
        // The preserveAbsolutePath flag keeps hostile names exactly as written.
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setModTime(DEFAULT_TIME.toEpochMilli());
        return e;
    }
}
