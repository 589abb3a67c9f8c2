package dev.hako.monitor;

import dev.hako.errdefs.HakoException;
import dev.hako.runtime.RuntimeHandler;
import java.nio.file.Path;

/**
 * A container for conmon to create and watch.
 *
 * @param name the container's name, for conmon's own logging; may be null
 * @param runtime the handler whose binary and global arguments conmon runs {@code create} with
 * @param bundle the OCI bundle; conmon also makes its attach socket and FIFOs here
 * @param persistDir where the PID files and the persisted exit and oom files go (may be the bundle)
 * @param exitDir where conmon writes the file named {@code id} holding the exit code
 * @param logPath the container's log, in the CRI format (appended to when it exists)
 * @param terminal allocate a pseudo-terminal ({@code -t}; stdout and stderr become one stream)
 * @param stdin keep the container's stdin open for attach clients ({@code -i})
 * @param stdinOnce close the container's stdin when the first attach client closes its input
 * @param logSizeMax rotate the log at this many bytes; 0 or less: never
 */
public record MonitorRequest(String id, String name, RuntimeHandler runtime, Path bundle, Path persistDir,
        Path exitDir, Path logPath, boolean terminal, boolean stdin, boolean stdinOnce, long logSizeMax) {
    public MonitorRequest {
        new MonitorPaths(id, bundle, persistDir, exitDir); // checks the id and the directories
        if (runtime == null) {
            throw HakoException.invalid("container %s: no runtime handler", id);
        }
        if (logPath == null || !logPath.isAbsolute()) {
            throw HakoException.invalid("container %s: log path must be an absolute path, not %s", id, logPath);
        }
        // conmon splits its -l argument DRIVER:PATH at every colon.
        if (logPath.toString().contains(":")) {
            throw HakoException.invalid("container %s: log path %s contains a colon, which conmon cannot take", id,
                    logPath);
        }
    }

    /** What every later call about this container is keyed by. */
    public MonitorPaths paths() {
        return new MonitorPaths(id, bundle, persistDir, exitDir);
    }
}
