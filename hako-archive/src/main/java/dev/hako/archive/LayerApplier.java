package dev.hako.archive;

import dev.hako.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Turns a layer tarball into a directory that overlayfs mounts as one lower layer, in two phases
 * so that the layers of an image can be unpacked in parallel:
 *
 * <ol>
 *   <li>{@link #apply} unpacks one layer into its own empty directory. OCI whiteouts become
 *       overlayfs whiteouts (a 0:0 character device; {@code trusted.overlay.opaque=y}); owner,
 *       mode, times and xattrs are kept. Entries that would write outside the directory (absolute
 *       or climbing names, anything under a symlink, hard links to such paths) are refused with an
 *       INVALID_ARGUMENT error naming the entry.
 *   <li>{@link #finish}, once the layers below are complete, does what needs them: directories the
 *       archive did not list take the metadata of the same directory below, and hard links to files
 *       of lower layers get a copy of their target.
 * </ol>
 *
 * <p>A failure may leave a partial layer inside the directory, never anything outside it; the
 * caller deletes the directory. Needs root (or the capabilities for chown, mknod and trusted.*
 * xattrs). Thread-safe; every call works on its own directory.
 */
public final class LayerApplier {
    private final ProcessIdentity identity;

    public LayerApplier() {
        this(ProcessIdentity.CURRENT);
    }

    LayerApplier(ProcessIdentity identity) {
        this.identity = identity;
    }

    /** {@link #apply(InputStream, Path, LayerLimits)} without limits. */
    public ApplyResult apply(InputStream tar, Path root) throws IOException {
        return apply(tar, root, LayerLimits.NONE);
    }

    /**
     * Unpacks the uncompressed tar stream {@code tar} into {@code root}, an empty directory, and
     * stops with INVALID_ARGUMENT, naming the limit, as soon as the layer passes one of
     * {@code limits}. Reads {@code tar} to its end, what follows the end-of-archive marker included
     * (it counts against the limit too, and a digest the caller computes around {@code tar} is then
     * complete), and does not close it.
     */
    public ApplyResult apply(InputStream tar, Path root, LayerLimits limits) throws IOException {
        InputStream metered = new CountingInputStream(tar, (n, total) -> limits.bytes().check(total, "%d bytes uncompressed"));
        ApplyResult result = new LayerExtraction(new TarReader(metered), root, identity, limits).run();
        metered.transferTo(OutputStream.nullOutputStream());
        return result;
    }

    /**
     * Completes a layer that {@link #apply} unpacked into {@code root}, once the layers below it
     * are complete.
     *
     * @param lowerDirs the directories of the layers below, topmost first
     * @return bytes of file content copied up from lower layers (to add to {@link ApplyResult#size})
     */
    public long finish(ApplyResult result, Path root, List<Path> lowerDirs) throws IOException {
        if (!result.needsFinish()) {
            return 0;
        }
        return new LayerFinish(root, new LowerLayers(lowerDirs)).run(result);
    }

    /**
     * What {@link LayerApplier#apply} unpacked, and what it left for {@link LayerApplier#finish}
     * because it needs the layers below.
     *
     * @param entries tar entries read
     * @param size bytes of regular file content written (about what {@code du} counts)
     * @param implicitDirectories directories the archive did not list but its entries needed, created
     *     0755 root:root; finish gives them the metadata of the same directory below ("" is the root)
     * @param pendingHardLinks hard links whose target is in a lower layer
     */
    public record ApplyResult(long entries, long size, List<String> implicitDirectories,
            List<PendingHardLink> pendingHardLinks) {

        /** A hard link at {@code path} (relative to the layer root) to {@code target} of a lower layer. */
        public record PendingHardLink(String path, String target) {
            public PendingHardLink {
                Objects.requireNonNull(path, "path");
                Objects.requireNonNull(target, "target");
            }
        }

        public ApplyResult {
            implicitDirectories = List.copyOf(implicitDirectories);
            pendingHardLinks = List.copyOf(pendingHardLinks);
        }

        /** Whether {@link LayerApplier#finish} has anything to do. */
        public boolean needsFinish() {
            return !implicitDirectories.isEmpty() || !pendingHardLinks.isEmpty();
        }
    }
}
