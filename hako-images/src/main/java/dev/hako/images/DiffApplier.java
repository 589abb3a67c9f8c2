package dev.hako.images;

import dev.hako.archive.LayerApplier;
import dev.hako.archive.LayerApplier.ApplyResult;
import dev.hako.archive.LayerLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a layer's files into a snapshot's writable directory, then completes it once the layers
 * below are committed, as containerd's diff.Applier applies a layer to mounts. In hakod it is
 * hako-archive's {@link LayerApplier}, which needs root (owners, device nodes, trusted.* xattrs);
 * the unit tests of the pull give a plain one.
 */
interface DiffApplier {
    /** Reads the whole uncompressed {@code tar} stream into {@code root}, an empty directory. */
    ApplyResult apply(InputStream tar, Path root, LayerLimits limits) throws IOException;

    /** What needs the layers below ({@code lowerDirs}, topmost first); returns the bytes it copied up. */
    long finish(ApplyResult result, Path root, List<Path> lowerDirs) throws IOException;

    static DiffApplier of(LayerApplier applier) {
        return new DiffApplier() {
            @Override
            public ApplyResult apply(InputStream tar, Path root, LayerLimits limits) throws IOException {
                return applier.apply(tar, root, limits);
            }

            @Override
            public long finish(ApplyResult result, Path root, List<Path> lowerDirs) throws IOException {
                return applier.finish(result, root, lowerDirs);
            }
        };
    }
}
