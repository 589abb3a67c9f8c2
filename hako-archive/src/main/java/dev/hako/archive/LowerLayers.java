package dev.hako.archive;

import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The layers below the one being finished, looked up the way overlayfs merges them: the topmost
 * layer that has a path wins, a whiteout ends the search, an opaque directory hides what is below
 * it, and a non-directory hides lower directories of the same name. Symlinks are never followed.
 */
final class LowerLayers {
    /** A file found in one lower layer. */
    record Found(Path path, FileStat stat) {}

    private final List<Path> topmostFirst;

    LowerLayers(List<Path> topmostFirst) {
        this.topmostFirst = List.copyOf(topmostFirst);
    }

    /** What the merged lower layers show at {@code path} (cleaned, relative; "" is the root). */
    Optional<Found> find(String path) throws IOException {
        List<Path> candidates = topmostFirst;
        String[] segments = path.isEmpty() ? new String[0] : path.split("/");
        String prefix = "";
        for (String segment : Arrays.asList(segments).subList(0, Math.max(0, segments.length - 1))) {
            prefix = EntryPaths.child(prefix, segment);
            candidates = directoriesAt(prefix, candidates);
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
        }
        for (Path layer : candidates) {
            Path candidate = layer.resolve(path);
            FileStat stat = FileStat.lstat(candidate);
            if (stat != null) {
                return stat.isWhiteout() ? Optional.empty() : Optional.of(new Found(candidate, stat));
            }
        }
        return Optional.empty();
    }

    /** The layers, among {@code candidates}, whose directory at {@code path} takes part in the merged one. */
    private static List<Path> directoriesAt(String path, List<Path> candidates) throws IOException {
        List<Path> merged = new ArrayList<>(candidates.size());
        for (Path layer : candidates) {
            Path candidate = layer.resolve(path);
            FileStat stat = FileStat.lstat(candidate);
            if (stat == null) {
                continue;
            }
            if (!stat.isDirectory()) {
                break; // a whiteout, file or symlink: nothing below shows through (a symlink is not followed)
            }
            merged.add(layer);
            if (isOpaque(candidate)) {
                break;
            }
        }
        return merged;
    }

    static boolean isOpaque(Path directory) throws IOException {
        return Syscalls.lgetxattr(directory, LayerExtraction.OPAQUE_XATTR)
                .map(value -> value.length == 1 && value[0] == 'y')
                .orElse(false);
    }
}
