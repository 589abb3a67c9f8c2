package dev.hako.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A named OCI runtime driven through the standard OCI runtime command line (runc, crun, runsc,
 * kata-runtime, youki all speak it). conmon usually runs {@code create} itself; everything else goes
 * through here.
 */
public interface RuntimeHandler {
    HandlerConfig config();

    default String name() {
        return config().name();
    }

    /** The runtime binary, resolved on PATH when the configuration names none; empty when not found. */
    Optional<Path> binary();

    /** {@code runtime --version}'s first line; empty when the binary is missing or fails. */
    Optional<String> version();

    /** The global arguments every invocation starts with ({@code --root DIR} and the configured args). */
    List<String> globalArgs();

    /**
     * {@code runtime create --bundle BUNDLE --pid-file PID_FILE ID} without a monitor: the
     * container's stdio is /dev/null. Containers that need their output, exit code or a terminal
     * are created by conmon instead (ConmonMonitor).
     */
    void create(String id, Path bundle, Path pidFile) throws IOException;

    void start(String id) throws IOException;

    /** NOT_FOUND when the runtime does not know the container. */
    ContainerState state(String id) throws IOException;

    void kill(String id, int signal, boolean all) throws IOException;

    /** Deletes the container; with {@code force} also a running one. Deleting an unknown container is not an error. */
    void delete(String id, boolean force) throws IOException;

    /** The container's processes (host PIDs), as {@code runtime ps --format json} lists them. */
    List<Integer> processes(String id) throws IOException;

    /**
     * Starts {@code runtime exec --process PROCESS_JSON --pid-file PID_FILE [-t] ID} (in the
     * foreground: it ends when the process ends and exits with its status). The runtime writes the
     * process's host PID to {@code pidFile} once it runs, so the caller can kill the process
     * itself: killing the runtime would leave it running in the container. With pipes the caller
     * owns the returned process's stdio (the runtime's own errors arrive on its stderr too). With
     * a terminal, the runtime's stdio is that device: it proxies it to the container's
     * pseudo-terminal; after resizing the terminal, send SIGWINCH to the returned process so the
     * runtime copies the size.
     */
    Process exec(String id, Path processJson, Path pidFile, ExecIo io) throws IOException;

    /** Applies new resource limits ({@code runtime update --resources FILE ID}). */
    void update(String id, Path resourcesJson) throws IOException;

    /**
     * How exec's stdio is wired: pipes, or a terminal for all three.
     *
     * @param terminal a descriptor of the terminal's slave side, opened O_NOCTTY by the caller
     *     (who keeps and closes it); -1 for pipes
     */
    record ExecIo(int terminal) {
        public static final ExecIo PIPES = new ExecIo(-1);

        public boolean tty() {
            return terminal >= 0;
        }
    }
}
