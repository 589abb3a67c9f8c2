package dev.hako.containers;

import dev.hako.cgroups.CgroupStats;
import dev.hako.cgroups.Cgroups;
import dev.hako.errdefs.HakoException;
import dev.hako.images.ImageService;
import dev.hako.metadata.ContainerRecord;
import dev.hako.metadata.ContainerRecords;
import dev.hako.monitor.AttachSession;
import dev.hako.monitor.LogEntry;
import dev.hako.monitor.Monitor;
import dev.hako.runtime.HandlerInfo;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.snapshots.Snapshotter;
import dev.hako.spec.ExecSettings;
import dev.hako.spec.HostLimits;
import dev.hako.spec.SpecGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Containers: made from an image's snapshot and a generated OCI spec, run by a runtime handler
 * under a monitor, and followed until removed. This is the one door the APIs use; the work is
 * done by one class per concern, as containerd's CRI server splits it:
 * {@link ContainerStore} (find by id, name or prefix), {@link ContainerCreator},
 * {@link ContainerStarter}, {@link ContainerStopper}, {@link ContainerRemover},
 * {@link ExitMonitor} (exits, waiters, auto-remove), {@link AttachRegistry},
 * {@link ContainerEvents}, {@link ResourceUpdater}, {@link ContainerReader} and
 * {@link ContainerRecovery}. Every change of a container happens under its own lock
 * ({@link ContainerLocks}).
 */
public final class ContainerService implements AutoCloseable {
    public static final String SNAPSHOT_PREFIX = "container-";

    private final Snapshotter snapshots;
    private final RuntimeHandlers runtimes;
    private final Monitor monitor;
    private final Cgroups cgroups;
    private final HostLimits host;
    private final ContainerPaths paths;
    private final RootfsMounter mounter;
    private final ContainerStore store;
    private final ContainerCgroups containerCgroups;
    private final ContainerEvents events = new ContainerEvents();
    private final ExitMonitor exits;
    private final AttachRegistry attachments;
    private final ContainerCreator creator;
    private final ContainerStarter starter;
    private final ContainerStopper stopper;
    private final ContainerRemover remover;
    private final ResourceUpdater resources;
    private final ContainerReader reader;
    private final ContainerWaits waits;

    public ContainerService(ImageService images, Snapshotter snapshots, ContainerRecords records,
                            RuntimeHandlers runtimes, Monitor monitor, Cgroups cgroups, SpecGenerator specs,
                            HostLimits host, ContainerPaths paths, String cgroupParent) {
        this(images::get, snapshots, new RootfsMounts(), records, runtimes, monitor, cgroups, specs, host, paths,
                cgroupParent);
    }

    /** With the image service and the kernel's mounts behind seams, for tests. */
    ContainerService(ImageSource images, Snapshotter snapshots, RootfsMounter mounter, ContainerRecords records,
                     RuntimeHandlers runtimes, Monitor monitor, Cgroups cgroups, SpecGenerator specs,
                     HostLimits host, ContainerPaths paths, String cgroupParent) {
        this.snapshots = snapshots;
        this.runtimes = runtimes;
        this.monitor = monitor;
        this.cgroups = cgroups;
        this.host = host;
        this.paths = paths;
        this.mounter = mounter;
        this.store = new ContainerStore(records);
        this.containerCgroups = new ContainerCgroups(cgroups, cgroupParent);
        ContainerLocks locks = new ContainerLocks();
        // The exit monitor removes --rm containers through the remover, which needs the exit monitor to stop them.
        this.exits = new ExitMonitor(store, locks, monitor, runtimes, containerCgroups, paths, events, this::autoRemove);
        this.attachments = new AttachRegistry(store, locks, exits, monitor, paths);
        this.stopper = new ContainerStopper(store, runtimes, images, exits);
        this.remover = new ContainerRemover(store, locks, stopper, runtimes, monitor, mounter, snapshots,
                containerCgroups, paths, events, attachments);
        this.creator = new ContainerCreator(images, snapshots, mounter, store, runtimes, specs, host, paths,
                containerCgroups, events);
        this.starter = new ContainerStarter(store, locks, runtimes, monitor, snapshots, mounter, containerCgroups, paths,
                exits, attachments, remover, events);
        this.resources = new ResourceUpdater(store, locks, runtimes, paths);
        this.reader = new ContainerReader(store, runtimes, snapshots, containerCgroups, paths);
        this.waits = new ContainerWaits(store, locks, exits, events);
    }

    private void autoRemove(String id) throws IOException {
        remover.remove(id, true);
    }

    // ---- start-up -------------------------------------------------------------------------

    /** Reconciles every container with the runtime and the monitor, then starts watching for exits. */
    public List<String> recover() throws IOException {
        Files.createDirectories(paths.stateRoot());
        Files.createDirectories(paths.persistentRoot());
        List<String> notes = new ContainerRecovery(store, exits, remover, runtimes, monitor, mounter, snapshots, paths)
                .run();
        exits.watch();
        return notes;
    }

    // ---- lifecycle ------------------------------------------------------------------------

    public record Created(String id, List<String> warnings) {}

    public Created create(ContainerOptions options) throws IOException {
        return creator.create(options);
    }

    public void start(String ref) throws IOException {
        starter.start(ref);
    }

    /** @param timeoutSeconds how long to wait after the stop signal before SIGKILL; negative: 10 */
    public void stop(String ref, int timeoutSeconds) throws IOException {
        stopper.stop(ref, timeoutSeconds);
    }

    /** @param signalName a name or number; empty: SIGKILL */
    public void kill(String ref, String signalName) throws IOException {
        stopper.kill(ref, signalName);
    }

    public void restart(String ref, int timeoutSeconds) throws IOException {
        ContainerRecord r = store.resolve(ref);
        if (r.state() == ContainerRecord.State.RUNNING) {
            stopper.stop(ref, timeoutSeconds);
        }
        starter.start(r.id());
    }

    public String remove(String ref, boolean force) throws IOException {
        return remover.remove(ref, force);
    }

    /** Waits until the container is not running and answers how it ended. */
    public ContainerExitStatus await(String ref) throws IOException {
        return exits.await(store.resolve(ref).id(), ref);
    }

    /**
     * A wait on {@code condition}, in place when this returns (so the caller may tell its client, which
     * may then start the container); the future answers how the container's run ended.
     */
    public CompletableFuture<ContainerExitStatus> waitFor(String ref, WaitCondition condition) throws IOException {
        return waits.waitFor(ref, condition);
    }

    // ---- attach ---------------------------------------------------------------------------

    /**
     * A connection to the container's stdio: now if it runs, or at its next start (so a client
     * that attaches before starting misses nothing).
     */
    public record Attachment(String id, CompletableFuture<AttachSession> session,
                             CompletableFuture<ContainerExitStatus> exit) {}

    public Attachment attach(String ref) throws IOException {
        return attachments.attach(store.resolve(ref).id());
    }

    /** Gives up an attachment that was waiting for a start. */
    public void detach(Attachment a) {
        attachments.detach(a);
    }

    /**
     * Resizes the container's terminal. Before the container runs, the size is kept and applied
     * between the runtime's create and start, so the process starts with the right size.
     */
    public void resize(String id, int rows, int columns) throws IOException {
        attachments.resize(id, rows, columns);
    }

    // ---- exec, logs, stats, top, cp, inspect -----------------------------------------------

    public ExecSession exec(String ref, ExecSettings settings, int rows, int columns) throws IOException {
        return new ExecRunner(store, runtimes, host, paths).exec(ref, settings, rows, columns);
    }

    /**
     * Hands {@code sink} the container's log: the last {@code tail} lines (all when negative), then,
     * with {@code follow}, new lines until the container stops.
     */
    public void logs(String ref, boolean follow, int tail, Consumer<LogEntry> sink) throws IOException {
        reader.logs(ref, follow, tail, sink);
    }

    public ContainerStats stats(String ref) {
        return new StatsReader(store, containerCgroups).read(ref);
    }

    public ProcessTable.Table top(String ref, List<String> psArgs) throws IOException {
        return reader.top(ref, psArgs);
    }

    public void copyFrom(String ref, String path, OutputStream tar) throws IOException {
        new Copier(store, paths).copyFrom(ref, path, tar);
    }

    public void copyTo(String ref, String path, InputStream tar) throws IOException {
        new Copier(store, paths).copyTo(ref, path, tar);
    }

    public String inspect(String ref) throws IOException {
        return new ContainerInspector(store, snapshots, paths).inspect(ref);
    }

    /** The command a container runs, as {@code hako ps} shows it (from its spec). */
    public String command(String id) throws IOException {
        return reader.command(id);
    }

    /** The container's cgroup counters now (no sampling window); empty counters when it is not running. */
    public CgroupStats cgroupStats(String ref) {
        return reader.cgroupStats(ref);
    }

    /** The container's writable layer (overlay upper directory) on the host; empty when it has none. */
    public Optional<Path> writableLayer(String id) throws IOException {
        return reader.writableLayer(id);
    }

    /** Makes the container's monitor reopen its log file (after the kubelet rotated it). */
    public void reopenLog(String ref) throws IOException {
        ContainerRecord r = store.resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("container %s is not running", r.id());
        }
        monitor.reopenLog(paths.monitor(r.id()), paths.log(r.id(), store.options(r)));
    }

    /**
     * Changes a running container's CPU and memory limits through the runtime ({@code update}) and
     * records them, so that inspect and a restart show the new values.
     *
     * @param memoryBytes 0: unchanged
     * @param cpuShares 0: unchanged
     * @param cpuQuota 0: unchanged; with {@code cpuPeriod} (0: 100000)
     */
    public void updateResources(String ref, long memoryBytes, long cpuShares, long cpuQuota, long cpuPeriod,
                                String cpusetCpus, String cpusetMems) throws IOException {
        String id = store.resolve(ref).id();
        resources.update(id, new ResourceUpdate(memoryBytes, cpuShares, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems));
    }

    // ---- events ---------------------------------------------------------------------------

    /** Follows container events until {@link #unsubscribe}; the listener must not block. */
    public void subscribe(Consumer<ContainerEvent> listener) {
        events.subscribe(listener);
    }

    public void unsubscribe(Consumer<ContainerEvent> listener) {
        events.unsubscribe(listener);
    }

    // ---- runtime information --------------------------------------------------------------

    /** The container's OCI runtime spec as written (config.json); "" when it has none. */
    public String runtimeSpec(String id) throws IOException {
        return reader.runtimeSpec(id);
    }

    /** The names of the configured runtime handlers. */
    public List<String> runtimeNames() {
        return runtimes.names();
    }

    /** The runtime handlers, for {@code hako info}. */
    public List<HandlerInfo> runtimeInfo() {
        return runtimes.info();
    }

    /** "v1", "hybrid" or "v2". */
    public String cgroupVersion() {
        return cgroups.version().name().toLowerCase(Locale.ROOT);
    }

    public String defaultRuntime() {
        return runtimes.defaultName();
    }

    /** docker's STATUS text of a container now. */
    public static String status(ContainerRecord r) {
        return StatusText.of(r, Instant.now());
    }

    // ---- queries --------------------------------------------------------------------------

    public List<Container> list(boolean all) {
        return store.list(all);
    }

    public Container get(String ref) {
        return store.container(store.resolve(ref));
    }

    /** The containers made from image {@code imageId} (a config digest), for rmi's conflict check. */
    public List<Container> usingImage(String imageId) {
        return store.usingImage(imageId);
    }

    @Override
    public void close() throws IOException {
        exits.close();
    }
}
