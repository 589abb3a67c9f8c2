package dev.hako.monitor;

import dev.hako.errdefs.HakoException;
import dev.hako.runtime.Executables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * conmon as the per-container monitor, driven the way CRI-O and podman drive it. {@link #launch}
 * starts conmon ({@link ConmonLauncher}), which daemonises (double fork, new session, reparented
 * away from hakod) and runs {@code runtime create}; from then on conmon holds the container's
 * stdio, writes its CRI log and, when the container ends, its exit file. It keeps doing so while
 * hakod is down: everything but {@code launch} works from the container's {@link MonitorPaths}
 * (where conmon's files are: {@link ConmonPaths}), so a restarted hakod can use it.
 */
public final class ConmonMonitor implements Monitor {
    public static final Duration DEFAULT_CREATE_TIMEOUT = Duration.ofMinutes(4);
    /** How long {@link #kill} waits for a killed conmon to be gone. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Path binary;
    private final String logLevel;
    private final Duration createTimeout;

    /**
     * @param binary conmon; null looks for it on PATH (each time, so installing it later works)
     * @param logLevel conmon's own --log-level (error, warn, info, debug, trace)
     */
    public ConmonMonitor(Path binary, String logLevel, Duration createTimeout) {
        this.binary = binary;
        this.logLevel = logLevel;
        this.createTimeout = createTimeout;
    }

    /** conmon from PATH, logging errors only, with CRI-O's four minutes for a create. */
    public ConmonMonitor() {
        this(null, "error", DEFAULT_CREATE_TIMEOUT);
    }

    /** The conmon binary; empty when it is not installed. */
    public Optional<Path> binary() {
        return Executables.find(binary != null ? binary.toString() : "conmon");
    }

    /**
     * {@inheritDoc} On failure conmon has exited and what it made is removed: the attach socket and
     * FIFOs, the PID files, the log (when this call created it), the persist directory (likewise)
     * and the runtime's container.
     */
    @Override
    public MonitoredContainer launch(MonitorRequest request) throws IOException {
        Path conmon = binary().orElseThrow(() -> HakoException.precondition(
                "conmon not found%s: apt-get install conmon", binary != null ? " at " + binary : " on PATH"));
        return new ConmonLauncher(conmon, logLevel, createTimeout).launch(request);
    }

    /** The conmon whose PID file the container's persist directory holds, while it watches this container. */
    @Override
    public Optional<Integer> running(MonitorPaths container) throws IOException {
        return ConmonProcesses.readPidIfPresent(ConmonPaths.of(container).conmonPidFile())
                .filter(pid -> ConmonProcesses.isMonitoring(pid, container.id()));
    }

    @Override
    public void kill(MonitorPaths container) throws IOException {
        Optional<Integer> pid = running(container);
        if (pid.isPresent()) {
            ConmonProcesses.killQuietly(pid.get());
            ConmonProcesses.awaitExit(pid.get(), KILL_WAIT);
        }
    }

    @Override
    public Optional<ContainerExit> exit(MonitorPaths container) throws IOException {
        return ConmonExitFiles.read(container);
    }

    @Override
    public boolean oomKilled(MonitorPaths container) {
        return ConmonExitFiles.oomKilled(container);
    }

    @Override
    public void forgetExit(MonitorPaths container) throws IOException {
        ConmonExitFiles.forget(container);
    }

    @Override
    public AttachSession attach(MonitorPaths container) throws IOException {
        return ConmonControl.attach(ConmonPaths.of(container));
    }

    @Override
    public void resize(MonitorPaths container, int rows, int columns) throws IOException {
        ConmonControl.resize(ConmonPaths.of(container), rows, columns);
    }

    @Override
    public void resizeBeforeStart(MonitoredContainer container, int rows, int columns) throws IOException {
        ConmonControl.resizeBeforeStart(ConmonPaths.of(container.paths()), container.containerPid(), rows, columns);
    }

    @Override
    public void reopenLog(MonitorPaths container, Path logFile) throws IOException {
        ConmonControl.reopenLog(ConmonPaths.of(container), logFile);
    }

    // ---- conmon processes by PID, for tests and diagnostics --------------------------------------

    /** True while {@code pid} is a running conmon (a reused PID of another program is not). */
    public boolean isAlive(int conmonPid) {
        return ConmonProcesses.isAlive(conmonPid);
    }

    /**
     * True while {@code pid} is a running conmon watching container {@code id}: what a restarted
     * hakod checks before it trusts a PID file, since PIDs are reused, by other conmons too.
     */
    public boolean isMonitoring(int conmonPid, String id) {
        return ConmonProcesses.isMonitoring(conmonPid, id);
    }

    /** Waits until conmon {@code pid} is gone: true when it is, false when {@code timeout} passed first. */
    public boolean awaitExit(int conmonPid, Duration timeout) {
        return ConmonProcesses.awaitExit(conmonPid, timeout);
    }
}
