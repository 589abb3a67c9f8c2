package dev.hako.archive;

import dev.hako.archive.LayerApplier.ApplyResult.PendingHardLink;
import dev.hako.errdefs.HakoException;
import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One run of {@link LayerApplier#finish}: the fix-ups of one layer that need the layers below. */
final class LayerFinish {
    private enum Placement {
        /** Nothing of this layer is there: a copy of the lower file can take its own path. */
        FREE,
        /** This layer put something else there: the copy goes to the link's path instead. */
        TAKEN,
        /** This layer deleted it (whiteout, opaque directory): the lower file is gone. */
        HIDDEN
    }

    private final Path root;
    private final LowerLayers lowers;
    private final List<String> implicitDirectories = new ArrayList<>();
    /** Directories finish writes into, with their times before, to put back afterwards. */
    private final Map<Path, FileStat> touchedDirectories = new LinkedHashMap<>();

    LayerFinish(Path root, LowerLayers lowers) {
        this.root = root;
        this.lowers = lowers;
    }

    long run(LayerApplier.ApplyResult result) throws IOException {
        implicitDirectories.addAll(result.implicitDirectories());
        Map<String, String> copies = new HashMap<>(); // lower target -> path in this layer holding its copy
        long copied = 0;
        for (PendingHardLink link : result.pendingHardLinks()) {
            try {
                copied += link(link, copies);
            } catch (HakoException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("layer entry \"%s\": %s".formatted(link.path(), e.getMessage()), e);
            }
        }
        for (Map.Entry<Path, FileStat> touched : touchedDirectories.entrySet()) {
            EntryMetadata.times(touched.getKey(), touched.getValue().accessed(), touched.getValue().modified());
        }
        for (String directory : implicitDirectories) {
            LowerLayers.Found below = lowers.find(directory).orElse(null);
            if (below != null && below.stat().isDirectory()) {
                CopyUp.copyMetadata(below.path(), below.stat(), root.resolve(directory));
            }
        }
        return copied;
    }

    /**
     * Links {@code link} to a copy of its lower target. The copy takes the target's own path when
     * this layer has nothing there, so that both names share one inode in the merged view, as
     * they would after {@code ln} on a mounted overlay.
     */
    private long link(PendingHardLink link, Map<String, String> copies) throws IOException {
        String holder = copies.get(link.target());
        long copied = 0;
        if (holder == null) {
            Placement placement = placement(link.target());
            LowerLayers.Found source = placement == Placement.HIDDEN ? null : lowers.find(link.target()).orElse(null);
            if (source == null) {
                throw HakoException.invalid("layer entry \"%s\": hard link target \"%s\" is in neither this layer"
                        + " nor the layers below", link.path(), link.target());
            }
            if (source.stat().isDirectory()) {
                throw HakoException.invalid("layer entry \"%s\": hard link target \"%s\" is a directory",
                        link.path(), link.target());
            }
            holder = placement == Placement.FREE ? link.target() : link.path();
            createMissingParents(holder);
            touch(EntryPaths.parent(holder));
            copied = CopyUp.copy(source, root.resolve(holder));
            copies.put(link.target(), holder);
            if (holder.equals(link.path())) {
                return copied;
            }
        }
        touch(EntryPaths.parent(link.path()));
        Files.createLink(root.resolve(link.path()), root.resolve(holder));
        return copied;
    }

    /** What this layer has at a lower file's path, looking at each directory on the way without following symlinks. */
    private Placement placement(String path) throws IOException {
        int slash = path.indexOf('/');
        while (true) {
            String prefix = slash < 0 ? path : path.substring(0, slash);
            Path onDisk = root.resolve(prefix);
            FileStat stat = FileStat.lstat(onDisk);
            if (stat == null) {
                return Placement.FREE;
            }
            if (stat.isWhiteout()) {
                return Placement.HIDDEN;
            }
            if (slash < 0) {
                return Placement.TAKEN;
            }
            if (!stat.isDirectory()) {
                return Placement.TAKEN;
            }
            if (LowerLayers.isOpaque(onDisk)) {
                return Placement.HIDDEN;
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    /** Creates the directories missing above {@code path}, 0755 root:root until their metadata comes from below. */
    private void createMissingParents(String path) throws IOException {
        int slash = path.indexOf('/');
        while (slash >= 0) {
            String directory = path.substring(0, slash);
            Path onDisk = root.resolve(directory);
            if (FileStat.lstat(onDisk) == null) {
                touch(EntryPaths.parent(directory));
                Files.createDirectory(onDisk);
                Syscalls.lchown(onDisk, 0, 0);
                Syscalls.chmod(onDisk, 0755);
                implicitDirectories.add(directory);
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    private void touch(String directory) throws IOException {
        Path onDisk = root.resolve(directory);
        if (!touchedDirectories.containsKey(onDisk)) {
            touchedDirectories.put(onDisk, FileStat.lstat(onDisk));
        }
    }
}
