package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.monitor.AttachSession;
import dev.hako.monitor.ContainerExit;
import dev.hako.monitor.Monitor;
import dev.hako.monitor.MonitorPaths;
import dev.hako.monitor.MonitorRequest;
import dev.hako.monitor.MonitoredContainer;
import dev.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A monitor without processes: a launch is remembered, an exit is the exit file written into the
 * exit directory, where the service's inotify watch sees it as it sees conmon's.
 */
final class FakeMonitor implements Monitor {
    private final AtomicInteger pids = new AtomicInteger(1000);
    final List<MonitorRequest> launched = new CopyOnWriteArrayList<>();
    final Map<String, Integer> running = new ConcurrentHashMap<>();
    final List<String> killed = new CopyOnWriteArrayList<>();
    final Set<String> oom = ConcurrentHashMap.newKeySet();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile IOException failLaunch;

    @Override
    public MonitoredContainer launch(MonitorRequest request) throws IOException {
        calls.add("launch " + request.id());
        if (failLaunch != null) {
            throw failLaunch;
        }
        launched.add(request);
        int monitorPid = pids.incrementAndGet();
        running.put(request.id(), monitorPid);
        return new MonitoredContainer(request.paths(), pids.incrementAndGet(), monitorPid);
    }

    /** The container ends with {@code code}: the monitor writes its exit file and goes. */
    void exited(MonitorPaths container, int code) throws IOException {
        running.remove(container.id());
        Path tmp = container.exitDir().resolve("." + container.id());
        Files.writeString(tmp, Integer.toString(code));
        Files.move(tmp, container.exitFile());
    }

    @Override
    public Optional<Integer> running(MonitorPaths container) {
        return Optional.ofNullable(running.get(container.id()));
    }

    @Override
    public void kill(MonitorPaths container) {
        if (running.remove(container.id()) != null) {
            killed.add(container.id());
        }
    }

    @Override
    public Optional<ContainerExit> exit(MonitorPaths container) throws IOException {
        try {
            return Optional.of(new ContainerExit(Integer.parseInt(Files.readString(container.exitFile()).strip()),
                    Files.getLastModifiedTime(container.exitFile()).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean oomKilled(MonitorPaths container) {
        return oom.contains(container.id());
    }

    @Override
    public void forgetExit(MonitorPaths container) throws IOException {
        Files.deleteIfExists(container.exitFile());
    }

    @Override
    public AttachSession attach(MonitorPaths container) {
        calls.add("attach " + container.id());
        if (!running.containsKey(container.id())) {
            throw HakoException.precondition("no monitor serves %s", container.id());
        }
        return new Session();
    }

    @Override
    public void resize(MonitorPaths container, int rows, int columns) {
        calls.add("resize " + container.id() + " " + rows + "x" + columns);
    }

    @Override
    public void resizeBeforeStart(MonitoredContainer container, int rows, int columns) {
        calls.add("resizeBeforeStart " + container.id() + " " + rows + "x" + columns);
    }

    @Override
    public void reopenLog(MonitorPaths container, Path logFile) {
        calls.add("reopenLog " + container.id() + " " + logFile);
    }

    /** A session that has nothing to say. */
    static final class Session implements AttachSession {
        volatile boolean closed;

        @Override
        public Frame read() {
            return null;
        }

        @Override
        public void writeStdin(byte[] data, int offset, int length) throws SysException {}

        @Override
        public void closeStdin() {}

        @Override
        public void close() {
            closed = true;
        }
    }

    static Instant now() {
        return Instant.now();
    }
}
