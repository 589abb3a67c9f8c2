package dev.hako.sys;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child started by {@link Spawn} as a {@link Process}, for callers that take one: used where the
 * child's stdio are descriptors this process opened itself (a terminal opened O_NOCTTY), which
 * ProcessBuilder cannot hand over. Its streams are empty: the child's stdio are those descriptors.
 * A platform thread waits for it, as the JDK's own reaper does for ProcessBuilder's children.
 */
public final class SpawnedProcess extends Process {
    private final int pid;
    private final CompletableFuture<Spawn.ExitStatus> exit = new CompletableFuture<>();

    private SpawnedProcess(int pid) {
        this.pid = pid;
    }

    public static SpawnedProcess start(Spawn.Request request) throws SysException {
        SpawnedProcess process = new SpawnedProcess(Spawn.start(request));
        Thread.ofPlatform().daemon().name("reaper-" + process.pid).start(() -> {
            try {
                process.exit.complete(Spawn.waitFor(process.pid));
            } catch (SysException | RuntimeException e) {
                process.exit.completeExceptionally(e);
            }
        });
        return process;
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    /** The exit code, or 128 + the signal that killed it, as ProcessBuilder's processes answer. */
    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get().shellCode();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for pid " + pid + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public int exitValue() {
        Spawn.ExitStatus status = exit.getNow(null);
        if (status == null) {
            throw new IllegalThreadStateException("pid " + pid + " has not exited");
        }
        return status.shellCode();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void destroy() {
        signal(Signals.SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        signal(Signals.SIGKILL);
        return this;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.handle((status, error) -> this);
    }

    /** Until it is reaped the PID is still ours, so it cannot name another process yet. */
    private void signal(int signal) {
        if (exit.isDone()) {
            return;
        }
        try {
            Processes.signalIfAlive(pid, signal);
        } catch (SysException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
