package dev.hako.containers;

import dev.hako.snapshots.Mount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Puts a container's snapshot at its root filesystem's path and takes it away ({@link RootfsMounts}: the kernel's mounts). */
interface RootfsMounter {
    void mount(List<Mount> mounts, Path target) throws IOException;

    /** Unmounts {@code target} if something is mounted there. */
    void unmount(Path target) throws IOException;

    boolean isMounted(Path target) throws IOException;
}
