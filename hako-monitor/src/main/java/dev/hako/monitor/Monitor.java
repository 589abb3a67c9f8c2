package dev.hako.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The per-container monitor: a process apart from hakod that has the runtime create the
 * container, holds its stdio, writes its log and records its exit, and goes on doing so while
 * hakod is down. Every call but {@link #launch} works from the container's {@link MonitorPaths}
 * alone, so a restarted hakod can use it. {@link ConmonMonitor} is the one hako ships;
 * MonitorContract is the suite every implementation passes.
 */
public interface Monitor {
    /**
     * Starts a monitor for the container and returns once the runtime's {@code create} finished:
     * the container is created (not started) and watched. On failure nothing of the attempt is
     * left: no monitor process, no runtime container, none of the files it made.
     */
    MonitoredContainer launch(MonitorRequest request) throws IOException;

    /** The PID of the monitor watching the container; empty when none does (never started, or ended). */
    Optional<Integer> running(MonitorPaths container) throws IOException;

    /** Kills the container's monitor (the container's processes are the runtime's) and waits a while for it to go. */
    void kill(MonitorPaths container) throws IOException;

    /** How the container ended; empty while it runs or before it ever ran. */
    Optional<ContainerExit> exit(MonitorPaths container) throws IOException;

    /** True when the monitor saw the kernel's OOM killer act in the container's memory cgroup. */
    boolean oomKilled(MonitorPaths container);

    /** Removes the records of the container's last exit (before a new start, and once it is recorded). */
    void forgetExit(MonitorPaths container) throws IOException;

    /** Connects to the container's stdio: FAILED_PRECONDITION when no monitor serves it. */
    AttachSession attach(MonitorPaths container) throws IOException;

    /** Sets the size of the container's terminal: FAILED_PRECONDITION when no monitor runs. */
    void resize(MonitorPaths container, int rows, int columns) throws IOException;

    /**
     * Sets the terminal size of a container that was launched but not started, and returns once
     * its terminal has it, so its process sees the size from its first instruction.
     */
    void resizeBeforeStart(MonitoredContainer container, int rows, int columns) throws IOException;

    /**
     * Makes the monitor reopen the log at {@code logFile} after it was moved away (rotation), and
     * returns once a new file is there: from then on no line goes to the old one.
     */
    void reopenLog(MonitorPaths container, Path logFile) throws IOException;
}
