package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.runtime.ContainerState;
import dev.hako.runtime.HandlerConfig;
import dev.hako.runtime.Isolation;
import dev.hako.runtime.RuntimeHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime that runs nothing: it remembers its calls, and a signal it is told the container
 * dies of makes the monitor write the exit (128 + the signal), as a real container's death does.
 */
final class FakeRuntimeHandler implements RuntimeHandler {
    private final HandlerConfig config;
    private final FakeMonitor monitor;
    private final ContainerPaths paths;
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** The signals the container dies of; others it ignores. */
    final Set<Integer> deadlySignals = ConcurrentHashMap.newKeySet();
    /** The resources file of the last update, as the runtime read it. */
    volatile String lastResources;
    volatile IOException failStart;

    FakeRuntimeHandler(String name, FakeMonitor monitor, ContainerPaths paths) {
        this.config = new HandlerConfig(name, Path.of("/bin/true"), Path.of("/run/fake-" + name), Isolation.NAMESPACES,
                List.of());
        this.monitor = monitor;
        this.paths = paths;
        deadlySignals.addAll(List.of(9, 15));
    }

    @Override
    public HandlerConfig config() {
        return config;
    }

    @Override
    public Optional<Path> binary() {
        return Optional.of(Path.of("/bin/true"));
    }

    @Override
    public Optional<String> version() {
        return Optional.of("fake 1.0");
    }

    @Override
    public List<String> globalArgs() {
        return List.of();
    }

    @Override
    public void create(String id, Path bundle, Path pidFile) {
        calls.add("create " + id);
    }

    @Override
    public void start(String id) throws IOException {
        calls.add("start " + id);
        if (failStart != null) {
            throw failStart;
        }
    }

    @Override
    public ContainerState state(String id) {
        throw HakoException.notFound("container %s does not exist", id);
    }

    @Override
    public void kill(String id, int signal, boolean all) throws IOException {
        calls.add("kill " + id + " " + signal + (all ? " all" : ""));
        if (deadlySignals.contains(signal)) {
            monitor.exited(paths.monitor(id), 128 + signal);
        }
    }

    @Override
    public void delete(String id, boolean force) {
        calls.add("delete " + id);
    }

    @Override
    public List<Integer> processes(String id) {
        return List.of();
    }

    @Override
    public Process exec(String id, Path processJson, Path pidFile, ExecIo io) {
        throw new UnsupportedOperationException("exec");
    }

    @Override
    public void update(String id, Path resourcesJson) throws IOException {
        calls.add("update " + id);
        lastResources = Files.readString(resourcesJson);
    }

    /** The calls about container {@code id}, their first word only (create, start, kill, delete, update). */
    List<String> verbsFor(String id) {
        return calls.stream().filter(c -> c.contains(id)).map(c -> c.substring(0, c.indexOf(' '))).toList();
    }
}
