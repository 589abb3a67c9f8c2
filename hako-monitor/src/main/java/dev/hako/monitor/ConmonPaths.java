package dev.hako.monitor;

import java.nio.file.Path;

/**
 * Where conmon keeps what belongs to one container. Everything is derived from the container ID and
 * three directories, so a restarted hakod that stored those finds the attach socket, the control
 * FIFO, the PID files and the exit file again.
 *
 * <p>The attach socket and FIFOs are conmon's own choice: it puts them in the bundle (with
 * {@code --full-attach}, which hako passes, the socket is {@code BUNDLE/attach} itself instead of a
 * symlink {@code SOCKET_DIR/UUID} to the bundle). The rest are the paths hako gives conmon.
 */
public record ConmonPaths(String id, Path bundle, Path persistDir, Path exitDir) {
    public ConmonPaths {
        bundle = bundle.toAbsolutePath();
        persistDir = persistDir.toAbsolutePath();
        exitDir = exitDir.toAbsolutePath();
    }

    /** Where conmon keeps the files of the container {@code container} names. */
    public static ConmonPaths of(MonitorPaths container) {
        return new ConmonPaths(container.id(), container.bundle(), container.persistDir(), container.exitDir());
    }

    /** The SOCK_SEQPACKET socket conmon serves the container's stdio on. */
    public Path attachSocket() {
        return bundle.resolve("attach");
    }

    /** The FIFO conmon reads control messages from ("TYPE ROWS COLUMNS\n"). */
    public Path controlFifo() {
        return bundle.resolve("ctl");
    }

    /** The FIFO conmon reads bare window sizes from ("ROWS COLUMNS\n"); hako writes to {@link #controlFifo}. */
    public Path windowFifo() {
        return bundle.resolve("winsz");
    }

    /** Where the runtime writes the container's PID (conmon's {@code --container-pidfile}). */
    public Path containerPidFile() {
        return persistDir.resolve("pidfile");
    }

    /** Where conmon writes its own PID once it has daemonised ({@code --conmon-pidfile}). */
    public Path conmonPidFile() {
        return persistDir.resolve("conmon.pid");
    }

    /** The exit code, written when the container ends ({@code --exit-dir}); its mtime is the exit time. */
    public Path exitFile() {
        return exitDir.resolve(id);
    }

    /** The same exit code, in the persist directory. */
    public Path persistedExitFile() {
        return persistDir.resolve("exit");
    }

    /** Exists when the kernel's OOM killer struck the container's cgroup. */
    public Path oomFile() {
        return persistDir.resolve("oom");
    }
}
