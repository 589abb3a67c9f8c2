package dev.hako.archive;

import java.util.List;
import java.util.Objects;

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
