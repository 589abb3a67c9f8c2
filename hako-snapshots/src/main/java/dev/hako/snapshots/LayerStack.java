package dev.hako.snapshots;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories a snapshot's mounts stack, read from the mount description: the writable one
 * (an overlay's upperdir, a writable bind mount's source) and the read-only ones below it,
 * topmost first. The layer applier writes a layer straight into the writable directory and
 * reads the lower ones, as containerd's applier does with an overlay mount, and docker's inspect
 * shows them. A snapshotter whose mounts are not directories (a block device) would need its
 * mounts mounted first; hako has none.
 *
 * @param upper the writable directory, or null when the mount is read-only
 * @param work  overlay's work directory, or null
 */
public record LayerStack(Path upper, Path work, List<Path> lowers) {
    public LayerStack {
        lowers = List.copyOf(lowers);
    }

    public static LayerStack of(List<Mount> mounts) {
        if (mounts.size() != 1) {
            throw new HakoException(ErrorKind.INTERNAL, "expected one mount for a snapshot, got " + mounts);
        }
        Mount m = mounts.getFirst();
        switch (m.type()) {
            case "bind" -> {
                Path source = Path.of(m.source());
                return m.options().contains("ro") ? new LayerStack(null, null, List.of(source))
                        : new LayerStack(source, null, List.of());
            }
            case "overlay" -> {
                Path upper = m.option("upperdir=").map(Path::of).orElse(null);
                Path work = m.option("workdir=").map(Path::of).orElse(null);
                List<Path> lowers = new ArrayList<>();
                for (String dir : m.option("lowerdir=").orElse("").split(":")) {
                    if (!dir.isEmpty()) {
                        lowers.add(Path.of(dir));
                    }
                }
                return new LayerStack(upper, work, lowers);
            }
            default -> throw new HakoException(ErrorKind.INTERNAL, "a " + m.type() + " mount has no layer directories");
        }
    }

    /** The writable directory; INTERNAL when the mount is read-only (a caller's mistake). */
    public Path requireWritable() {
        if (upper == null) {
            throw new HakoException(ErrorKind.INTERNAL, "the snapshot's mount is read-only");
        }
        return upper;
    }
}
