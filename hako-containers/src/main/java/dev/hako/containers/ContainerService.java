package dev.hako.containers;

import dev.hako.cgroups.Cgroups;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.images.Image;
import dev.hako.images.ImageService;
import dev.hako.metadata.ContainerRecord;
import dev.hako.metadata.ContainerRecords;
import dev.hako.monitor.AttachSession;
import dev.hako.errdefs.Rollback;
import dev.hako.monitor.Monitor;
import dev.hako.monitor.MonitorPaths;
import dev.hako.monitor.ContainerExit;
import dev.hako.monitor.MonitorRequest;
import dev.hako.monitor.MonitoredContainer;
import dev.hako.oci.Json;
import dev.hako.runtime.RuntimeHandler;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.snapshots.OverlaySnapshotter;
import dev.hako.spec.ContainerSettings;
import dev.hako.spec.GeneratedSpec;
import dev.hako.spec.HostDevices;
import dev.hako.spec.HostLimits;
import dev.hako.spec.PodNamespaces;
import dev.hako.spec.SpecContext;
import dev.hako.spec.SpecGenerator;
import dev.hako.sys.FileTrees;
import dev.hako.sys.Signals;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.HashSet;
import java.util.Set;
import java.io.InputStream;
import java.io.OutputStream;
import dev.hako.monitor.CriLog;
import dev.hako.monitor.CriLogFollower;
import dev.hako.monitor.LogEntry;
import dev.hako.runtime.HandlerInfo;
import dev.hako.spec.ExecSettings;

/**
 * Containers: made from an image's snapshot and a generated OCI spec, run by a runtime handler
 * under conmon, and followed until removed. Every change of a container happens under its own
 * lock; its row in the database is the truth that start-up reconciles with what the runtime and
 * conmon report.
 */
public final class ContainerService implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hakod.containers");
    public static final String SNAPSHOT_PREFIX = "container-";
    private static final int DEFAULT_STOP_TIMEOUT = 10;

    private final ImageService images;
    private final OverlaySnapshotter snapshots;
    private final ContainerRecords records;
    private final RuntimeHandlers runtimes;
    private final Monitor conmon;
    private final Cgroups cgroups;
    private final SpecGenerator specs;
    private final HostLimits host;
    private final ContainerPaths paths;
    private final String cgroupParent;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ContainerExitStatus>> exits = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<AttachSession>>> pendingAttach = new ConcurrentHashMap<>();
    private final Map<String, int[]> initialSizes = new ConcurrentHashMap<>();
    private ExitWatcher watcher;
    private final java.util.concurrent.CopyOnWriteArrayList<Consumer<ContainerEvent>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public ContainerService(ImageService images, OverlaySnapshotter snapshots, ContainerRecords records,
                            RuntimeHandlers runtimes, Monitor conmon, Cgroups cgroups, SpecGenerator specs,
                            HostLimits host, ContainerPaths paths, String cgroupParent) {
        this.images = images;
        this.snapshots = snapshots;
        this.records = records;
        this.runtimes = runtimes;
        this.conmon = conmon;
        this.cgroups = cgroups;
        this.specs = specs;
        this.host = host;
        this.paths = paths;
        this.cgroupParent = cgroupParent;
    }

    // ---- start-up -------------------------------------------------------------------------

    /** Reconciles every container with the runtime and conmon, then starts watching for exits. */
    public List<String> recover() throws IOException {
        Files.createDirectories(paths.stateRoot());
        Files.createDirectories(paths.persistentRoot());
        List<String> notes = new ContainerRecovery(this).run();
        watcher = new ExitWatcher(paths.exitDir(), this::onExit);
        // An exit that happened between the reconcile and the watch: look once more.
        for (ContainerRecord r : records.list()) {
            if (r.state() == ContainerRecord.State.RUNNING) {
                onExit(r.id());
            }
        }
        return notes;
    }

    // ---- create ---------------------------------------------------------------------------

    public record Created(String id, List<String> warnings) {}

    public Created create(ContainerOptions options) throws IOException {
        RuntimeHandler handler = options.runtime().isEmpty() ? runtimes.defaultHandler() : runtimes.get(options.runtime());
        if (handler.binary().isEmpty()) {
            throw HakoException.precondition("runtime %s: %s not found", handler.name(),
                    handler.config().path() == null ? handler.name() + " on PATH" : handler.config().path());
        }
        ContainerSettings settings = ContainerSettingsMapper.settings(options);
        Image image = images.get(options.image());
        String id = Names.newId();
        String name = options.name().isEmpty() ? uniqueGeneratedName() : Names.checkName(options.name());
        var holder = records.byName(name);
        if (holder.isPresent()) {
            // The insert checks again; failing here first spares the work below.
            throw ContainerRecords.nameConflict(name, holder.get().id());
        }
        ContainerOptions stored = new ContainerOptions(name, options.image(), options.entrypoint(), options.cmd(),
                options.env(), options.workingDir(), options.user(), options.volumes(), options.tmpfs(),
                options.readOnly(), options.hostname(), options.memoryBytes(), options.nanoCpus(), options.pidsLimit(),
                options.capAdd(), options.capDrop(), options.privileged(), options.seccomp(), options.noNewPrivileges(),
                options.network(), handler.name(), options.tty(), options.openStdin(), options.stdinOnce(),
                options.autoRemove(), options.labels(), options.pod(), options.linux());
        PodMembership pod = options.pod();
        try (Rollback undo = new Rollback()) {
            Path bundle = paths.bundle(id);
            Files.createDirectories(bundle);
            undo.add(() -> FileTrees.deleteRecursively(bundle));
            Files.createDirectories(paths.logDir(id));
            undo.add(() -> FileTrees.deleteRecursively(paths.logDir(id)));
            if (pod != null && !pod.logPath().isEmpty()) {
                Files.createDirectories(Path.of(pod.logPath()).getParent());
            }

            String snapshotKey = SNAPSHOT_PREFIX + id;
            snapshots.prepare(snapshotKey, image.topChainId());
            undo.add(() -> snapshots.remove(snapshotKey));
            Path rootfs = paths.rootfs(id);
            RootfsMounts.mount(snapshots.mounts(snapshotKey), rootfs);
            undo.add(() -> RootfsMounts.unmount(rootfs));

            SpecContext.Builder context;
            if (pod == null) {
                String hostname = settings.hostnameFor(id, EtcFiles.hostHostname());
                EtcFiles.write(paths, id, hostname, settings.network() == dev.hako.spec.NetworkMode.HOST);
                context = SpecContext.builder(id, rootfs, hostname)
                        .hostsFile(paths.hosts(id)).hostnameFile(paths.hostname(id)).resolvConfFile(paths.resolvConf(id));
            } else {
                // The pod's files and namespaces: every container of a pod sees the same names and network.
                Path podDir = Path.of(pod.podDir());
                context = SpecContext.builder(id, rootfs, pod.hostname())
                        .hostsFile(podDir.resolve("hosts")).hostnameFile(podDir.resolve("hostname"))
                        .resolvConfFile(podDir.resolve("resolv.conf"))
                        .pod(new PodNamespaces(pathOrNull(pod.netns()), pathOrNull(pod.ipcns()), pathOrNull(pod.utsns()),
                                pathOrNull(pod.pidns()), pod.hostNetwork(), pod.hostIpc(), pod.hostPid(), pod.sysctls()));
            }
            context.cgroupsPath(cgroupsPath(id, stored)).host(host)
                    .hostDevices(settings.privileged() ? HostDevices.scan(Path.of("/dev")) : List.of());
            GeneratedSpec spec = specs.generate(image.config().config(), settings, context.build());
            ExecutableCheck.requireCommand(spec.spec(), rootfs);
            Files.write(paths.configJson(id), spec.json());

            long now = nanosNow();
            for (int attempt = 1; ; attempt++) {
                try {
                    records.insert(new ContainerRecord(id, name, options.image(), image.id().toString(), handler.name(),
                            ContainerRecord.State.CREATED, new String(Json.write(stored)), 0, 0, 0, false, "", 0, now, 0, 0));
                    break;
                } catch (HakoException e) {
                    // Two creates at once can draw the same generated name: draw again, as docker does.
                    if (!options.name().isEmpty() || e.kind() != dev.hako.errdefs.ErrorKind.ALREADY_EXISTS || attempt == 10) {
                        throw e;
                    }
                    name = uniqueGeneratedName();
                    stored = stored.withName(name);
                }
            }
            undo.commit();
            LOG.log(Level.INFO, "created container {0} ({1}) from {2}", id, name, options.image());
            publish(id, stored, ContainerEvent.Kind.CREATED);
            return new Created(id, spec.warnings());
        }
    }

    private String uniqueGeneratedName() {
        for (int i = 0; i < 20; i++) {
            String candidate = Names.generatedName();
            if (records.byName(candidate).isEmpty()) {
                return candidate;
            }
        }
        return Names.generatedName() + "_" + Names.newId().substring(0, 6);
    }

    /** The container's cgroup: under its pod's parent when the pod names one, else under hako's. */
    String cgroupsPath(String id, ContainerOptions options) {
        String parent = options.pod() != null && !options.pod().cgroupParent().isEmpty() ? options.pod().cgroupParent() : cgroupParent;
        return Cgroups.containerPath(parent, id);
    }

    String cgroupsPath(ContainerRecord r) {
        return cgroupsPath(r.id(), options(r));
    }

    /** The container's CRI log file: the one its pod's kubelet chose, else hako's own. */
    Path logPath(String id, ContainerOptions options) {
        return options.pod() != null && !options.pod().logPath().isEmpty() ? Path.of(options.pod().logPath()) : paths.log(id);
    }

    private static Path pathOrNull(String path) {
        return path == null || path.isEmpty() ? null : Path.of(path);
    }

    // ---- start ----------------------------------------------------------------------------

    public void start(String ref) throws IOException {
        String id = resolve(ref).id();
        try {
            startLocked(id);
        } catch (IOException | RuntimeException e) {
            removeAfterFailedStart(id, e);
            throw e;
        }
    }

    /** As docker's daemon: a container to be removed when it exits is removed when it cannot start at all. */
    private void removeAfterFailedStart(String id, Exception failure) {
        ContainerRecord r = records.get(id).orElse(null);
        if (r == null || r.state() == ContainerRecord.State.RUNNING || r.state() == ContainerRecord.State.REMOVING
                || !options(r).autoRemove()) {
            return;
        }
        try {
            remove(id, true);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void startLocked(String id) throws IOException {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRecord r = require(id);
            switch (r.state()) {
                case RUNNING -> {
                    return; // as docker: starting a running container is not an error
                }
                case REMOVING -> throw HakoException.precondition("container %s is being removed", r.name());
                default -> { }
            }
            ContainerOptions options = options(r);
            RuntimeHandler handler = runtimes.get(r.runtime());
            if (r.state() == ContainerRecord.State.EXITED) {
                handler.delete(id, true);
                cgroups.remove(cgroupsPath(id, options));
            }
            if (!RootfsMounts.isMountPoint(paths.rootfs(id))) {
                RootfsMounts.mount(snapshots.mounts(SNAPSHOT_PREFIX + id), paths.rootfs(id));
            }
            conmon.forgetExit(monitorPaths(id));
            Files.createDirectories(paths.monitorDir(id));
            // An attach made before this start already waits on this container's next exit.
            CompletableFuture<ContainerExitStatus> exit = exits.computeIfAbsent(id, k -> new CompletableFuture<>());
            MonitoredContainer monitored;
            try {
                monitored = conmon.launch(new MonitorRequest(id, r.name(), handler, paths.bundle(id), paths.monitorDir(id),
                        paths.exitDir(), logPath(id, options), options.tty(), options.openStdin(), options.stdinOnce(), 0));
            } catch (IOException | RuntimeException e) {
                HakoException failure = startFailure(r, e);
                exits.remove(id, exit);
                exit.completeExceptionally(failure);
                failPendingAttachments(id, failure);
                throw failure;
            }
            connectPendingAttachments(id);
            int[] size = initialSizes.remove(id);
            try {
                if (size != null && options.tty()) {
                    conmon.resizeBeforeStart(monitored, size[0], size[1]);
                }
                handler.start(id);
            } catch (IOException | RuntimeException e) {
                HakoException failure = startFailure(r, e);
                stopMonitor(handler, id);
                exits.remove(id, exit);
                exit.completeExceptionally(failure);
                throw failure;
            }
            records.update(r.running(monitored.containerPid(), monitored.monitorPid(), nanosNow(),
                    r.state() == ContainerRecord.State.EXITED));
            LOG.log(Level.INFO, "started container {0} (pid {1})", id, String.valueOf(monitored.containerPid()));
            publish(id, options, ContainerEvent.Kind.STARTED);
        } finally {
            lock.unlock();
        }
    }

    private static HakoException startFailure(ContainerRecord r, Exception e) {
        ErrorKind kind = HakoException.kindOf(e) == ErrorKind.INTERNAL ? ErrorKind.FAILED_PRECONDITION : HakoException.kindOf(e);
        return new HakoException(kind, "failed to start container " + r.name() + ": " + e.getMessage(), e);
    }

    private void stopMonitor(RuntimeHandler handler, String id) {
        try {
            handler.delete(id, true);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cleaning up {0}: {1}", id, e.getMessage());
        }
        try {
            conmon.kill(monitorPaths(id));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot kill the monitor of {0}: {1}", id, e.getMessage());
        }
    }

    // ---- attach ---------------------------------------------------------------------------

    /**
     * A connection to the container's stdio: now if it runs, or at its next start (so a client
     * that attaches before starting misses nothing).
     */
    public record Attachment(String id, CompletableFuture<AttachSession> session,
                             CompletableFuture<ContainerExitStatus> exit) {}

    public Attachment attach(String ref) throws IOException {
        String id = resolve(ref).id();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRecord r = require(id);
            CompletableFuture<AttachSession> session = new CompletableFuture<>();
            // Taken now, so the exit reaches this client even if the container is auto-removed first.
            CompletableFuture<ContainerExitStatus> exit = exits.computeIfAbsent(id, k -> new CompletableFuture<>());
            if (r.state() == ContainerRecord.State.RUNNING) {
                session.complete(conmon.attach(monitorPaths(id)));
            } else if (r.state() == ContainerRecord.State.CREATED || r.state() == ContainerRecord.State.EXITED) {
                pendingAttach.computeIfAbsent(id, k -> new ArrayList<>()).add(session);
            } else {
                throw HakoException.precondition("container %s is being removed", r.name());
            }
            return new Attachment(id, session, exit);
        } finally {
            lock.unlock();
        }
    }

    /** Gives up an attachment that was waiting for a start. */
    public void detach(Attachment a) {
        List<CompletableFuture<AttachSession>> waiting = pendingAttach.get(a.id());
        if (waiting != null) {
            synchronized (waiting) {
                waiting.remove(a.session());
            }
        }
        a.session().thenAccept(AttachSession::close);
    }

    private void connectPendingAttachments(String id) {
        List<CompletableFuture<AttachSession>> waiting = pendingAttach.remove(id);
        if (waiting == null) {
            return;
        }
        synchronized (waiting) {
            for (CompletableFuture<AttachSession> f : waiting) {
                try {
                    f.complete(conmon.attach(monitorPaths(id)));
                } catch (IOException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            }
        }
    }

    private void failPendingAttachments(String id, Throwable why) {
        List<CompletableFuture<AttachSession>> waiting = pendingAttach.remove(id);
        if (waiting != null) {
            synchronized (waiting) {
                waiting.forEach(f -> f.completeExceptionally(why));
            }
        }
    }

    /**
     * Resizes the container's terminal. Before the container runs, the size is kept and applied
     * between the runtime's create and start, so the process starts with the right size.
     */
    public void resize(String id, int rows, int columns) throws IOException {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRecord r = require(id);
            if (r.state() == ContainerRecord.State.RUNNING) {
                conmon.resize(monitorPaths(id), rows, columns);
            } else {
                initialSizes.put(id, new int[] {rows, columns});
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- exits ----------------------------------------------------------------------------

    /** conmon wrote an exit file (or recovery found one): record the exit and clean up the runtime's state. */
    void onExit(String id) {
        if (!id.matches("[a-f0-9]{64}")) {
            return;
        }
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRecord r = records.get(id).orElse(null);
            if (r == null || r.state() != ContainerRecord.State.RUNNING) {
                return;
            }
            ContainerExit exit = conmon.exit(monitorPaths(id)).orElse(null);
            if (exit == null) {
                return; // not written completely yet: the next event brings it
            }
            finishExit(r, exit.exitCode(), exit.at(), "");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "recording the exit of " + id + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        ContainerRecord after = records.get(id).orElse(null);
        if (after != null && after.state() == ContainerRecord.State.EXITED && options(after).autoRemove()) {
            Thread.ofVirtual().name("auto-remove").start(() -> {
                try {
                    remove(id, true);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "removing {0} after it exited: {1}", id, e.getMessage());
                }
            });
        }
    }

    /** Records an exit under the container's lock: OOM check before the runtime forgets the cgroup. */
    void finishExit(ContainerRecord r, int exitCode, Instant at, String error) throws IOException {
        String id = r.id();
        boolean oom = conmon.oomKilled(monitorPaths(id)) || oomKilled(cgroupsPath(r));
        RuntimeHandler handler = runtimes.get(r.runtime());
        handler.delete(id, true);
        cgroups.remove(cgroupsPath(r));
        records.update(r.exited(exitCode, oom, at.getEpochSecond() * 1_000_000_000L + at.getNano(), error));
        conmon.forgetExit(monitorPaths(id));
        LOG.log(Level.INFO, "container {0} exited with {1}{2}", id, String.valueOf(exitCode), oom ? " (OOMKilled)" : "");
        publish(id, options(r), ContainerEvent.Kind.STOPPED);
        CompletableFuture<ContainerExitStatus> f = exits.remove(id);
        if (f != null) {
            f.complete(new ContainerExitStatus(exitCode, oom));
        }
    }

    private boolean oomKilled(String cgroupPath) {
        try {
            return cgroups.stats(cgroupPath).memory().flatMap(m -> {
                var kills = m.oomKills();
                return kills.isPresent() ? java.util.Optional.of(kills.getAsLong() > 0) : java.util.Optional.empty();
            }).orElse(false);
        } catch (HakoException e) {
            return false; // the cgroup is gone already
        }
    }

    /** Waits until the container is not running and answers how it ended. */
    public ContainerExitStatus await(String ref) throws IOException {
        String id = resolve(ref).id();
        CompletableFuture<ContainerExitStatus> f;
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRecord r = require(id);
            if (r.state() != ContainerRecord.State.RUNNING) {
                return new ContainerExitStatus(r.exitCode(), r.oomKilled());
            }
            f = exits.computeIfAbsent(id, k -> new CompletableFuture<>());
        } finally {
            lock.unlock();
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HakoException(ErrorKind.UNAVAILABLE, "interrupted while waiting for " + ref, e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    // ---- stop, kill, restart --------------------------------------------------------------

    public void stop(String ref, int timeoutSeconds) throws IOException {
        ContainerRecord r = resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("container %s is not running", ref);
        }
        int timeout = timeoutSeconds < 0 ? DEFAULT_STOP_TIMEOUT : timeoutSeconds;
        RuntimeHandler handler = runtimes.get(r.runtime());
        int signal = stopSignal(r);
        CompletableFuture<ContainerExitStatus> exit = exits.computeIfAbsent(r.id(), k -> new CompletableFuture<>());
        if (timeout > 0) {
            signalQuietly(handler, r.id(), signal, false);
            if (awaitExit(r.id(), exit, Duration.ofSeconds(timeout))) {
                return;
            }
            LOG.log(Level.INFO, "container {0} did not stop within {1}s: killing it", r.id(), timeout);
        }
        signalQuietly(handler, r.id(), Signals.SIGKILL, true);
        if (!awaitExit(r.id(), exit, Duration.ofSeconds(30))) {
            throw HakoException.unavailable("container %s did not exit after SIGKILL", ref);
        }
    }

    public void kill(String ref, String signalName) throws IOException {
        ContainerRecord r = resolve(ref);
        int signal = signalName == null || signalName.isEmpty() ? Signals.SIGKILL
                : Signals.parse(signalName).orElseThrow(() -> HakoException.invalid("invalid signal: %s", signalName));
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("cannot kill container %s: container %s is not running", ref, r.id());
        }
        runtimes.get(r.runtime()).kill(r.id(), signal, signal == Signals.SIGKILL);
    }

    public void restart(String ref, int timeoutSeconds) throws IOException {
        ContainerRecord r = resolve(ref);
        if (r.state() == ContainerRecord.State.RUNNING) {
            stop(ref, timeoutSeconds);
        }
        start(r.id());
    }

    private boolean awaitExit(String id, CompletableFuture<ContainerExitStatus> exit, Duration timeout) {
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            // The exit file may have been missed; look before giving up.
            onExit(id);
            return records.get(id).map(x -> x.state() != ContainerRecord.State.RUNNING).orElse(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static void signalQuietly(RuntimeHandler handler, String id, int signal, boolean all) {
        try {
            handler.kill(id, signal, all);
        } catch (IOException | RuntimeException e) {
            // the container may have exited in the meantime; the exit wait tells
            LOG.log(Level.DEBUG, "signal {0} to {1}: {2}", signal, id, e.getMessage());
        }
    }

    private int stopSignal(ContainerRecord r) {
        try {
            Image image = images.get(r.imageId());
            String s = image.config().config() == null ? null : image.config().config().stopSignal();
            if (s != null && !s.isEmpty()) {
                return Signals.parse(s).orElse(Signals.SIGTERM);
            }
        } catch (IOException | HakoException e) {
            // the image may be gone: SIGTERM
        }
        return Signals.SIGTERM;
    }

    // ---- remove ---------------------------------------------------------------------------

    public String remove(String ref, boolean force) throws IOException {
        ContainerRecord r = resolve(ref);
        if (r.state() == ContainerRecord.State.RUNNING) {
            if (!force) {
                throw HakoException.precondition("cannot remove container \"/%s\": container is running: "
                        + "stop the container before removing or force remove", r.name());
            }
            stop(r.id(), 0);
        }
        ReentrantLock lock = lock(r.id());
        lock.lock();
        try {
            ContainerRecord current = records.get(r.id()).orElse(null);
            if (current == null) {
                return r.id(); // removed meanwhile (auto-remove)
            }
            if (current.state() == ContainerRecord.State.RUNNING) {
                throw HakoException.precondition("container %s started again while being removed", r.name());
            }
            records.update(current.withState(ContainerRecord.State.REMOVING));
            release(current);
            records.delete(current.id());
            failPendingAttachments(current.id(), HakoException.notFound("container %s was removed", current.name()));
            LOG.log(Level.INFO, "removed container {0}", current.id());
            publish(current.id(), options(current), ContainerEvent.Kind.DELETED);
            return current.id();
        } finally {
            lock.unlock();
            locks.remove(r.id());
        }
    }

    /** Frees everything a container holds, in an order a crash can resume: runtime, conmon, mount, snapshot, files, cgroup. */
    void release(ContainerRecord r) throws IOException {
        String id = r.id();
        runtimes.find(r.runtime()).ifPresent(h -> {
            try {
                h.delete(id, true);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "runtime delete of {0}: {1}", id, e.getMessage());
            }
        });
        try {
            conmon.kill(monitorPaths(id));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "killing the monitor of {0}: {1}", id, e.getMessage());
        }
        RootfsMounts.unmount(paths.rootfs(id));
        if (snapshots.stat(SNAPSHOT_PREFIX + id).isPresent()) {
            snapshots.remove(SNAPSHOT_PREFIX + id);
        }
        cgroups.remove(cgroupsPath(r));
        conmon.forgetExit(monitorPaths(id));
        FileTrees.deleteRecursively(paths.bundle(id));
        FileTrees.deleteRecursively(paths.logDir(id));
    }

    // ---- exec, logs, stats, top, cp, inspect -----------------------------------------------

    public ExecSession exec(String ref, ExecSettings settings, int rows, int columns) throws IOException {
        return new ExecRunner(this).exec(ref, settings, rows, columns);
    }

    /**
     * Hands {@code sink} the container's log: the last {@code tail} lines (all when negative), then,
     * with {@code follow}, new lines until the container stops.
     */
    public void logs(String ref, boolean follow, int tail, Consumer<LogEntry> sink) throws IOException {
        ContainerRecord r = resolve(ref);
        Path log = logPath(r.id(), options(r));
        if (!follow) {
            List<LogEntry> entries = tail < 0 ? CriLog.read(log) : CriLog.tail(log, tail);
            entries.forEach(sink);
            return;
        }
        String id = r.id();
        try (CriLogFollower follower = new CriLogFollower(log)) {
            follower.follow(tail, () -> records.get(id).map(x -> x.state() != ContainerRecord.State.RUNNING).orElse(true),
                    sink);
        }
    }

    public ContainerStats stats(String ref) {
        return new StatsReader(this).read(ref);
    }

    public ProcessTable.Table top(String ref, List<String> psArgs) throws IOException {
        ContainerRecord r = resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("container %s is not running", ref);
        }
        Set<Integer> pids = new HashSet<>(runtimes.get(r.runtime()).processes(r.id()));
        return ProcessTable.of(pids, psArgs);
    }

    public void copyFrom(String ref, String path, OutputStream tar) throws IOException {
        new Copier(this).copyFrom(ref, path, tar);
    }

    public void copyTo(String ref, String path, InputStream tar) throws IOException {
        new Copier(this).copyTo(ref, path, tar);
    }

    public String inspect(String ref) throws IOException {
        return new ContainerInspector(this).inspect(ref);
    }

    /** The command a container runs, as {@code hako ps} shows it (from its spec). */
    public String command(String id) throws IOException {
        Path config = paths.configJson(id);
        if (!Files.exists(config)) {
            return "";
        }
        return String.join(" ", dev.hako.spec.Spec.fromJson(Files.readAllBytes(config)).process.args);
    }

    /** The container's cgroup counters now (no sampling window); empty counters when it is not running. */
    public dev.hako.cgroups.CgroupStats cgroupStats(String ref) {
        ContainerRecord r = resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            return new dev.hako.cgroups.CgroupStats(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());
        }
        try {
            return cgroups.stats(cgroupsPath(r));
        } catch (HakoException e) {
            // It exited between the look-up and the read: nothing is running to count.
            return new dev.hako.cgroups.CgroupStats(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());
        }
    }

    /** The container's writable layer (overlay upper directory) on the host; empty when it has none. */
    public java.util.Optional<Path> writableLayer(String id) throws IOException {
        if (snapshots.stat(SNAPSHOT_PREFIX + id).isEmpty()) {
            return java.util.Optional.empty();
        }
        for (dev.hako.snapshots.Mount m : snapshots.mounts(SNAPSHOT_PREFIX + id)) {
            for (String option : m.options()) {
                if (option.startsWith("upperdir=")) {
                    return java.util.Optional.of(Path.of(option.substring("upperdir=".length())));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Makes the container's monitor reopen its log file (after the kubelet rotated it). */
    public void reopenLog(String ref) throws IOException {
        ContainerRecord r = resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("container %s is not running", r.id());
        }
        conmon.reopenLog(monitorPaths(r.id()), logPath(r.id(), options(r)));
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
        ContainerRecord r = resolve(ref);
        ReentrantLock lock = lock(r.id());
        lock.lock();
        try {
            r = require(r.id());
            if (memoryBytes < 0 || cpuShares < 0 || cpuQuota < 0 || cpuPeriod < 0) {
                throw HakoException.invalid("resources cannot be negative");
            }
            if (memoryBytes > 0 && memoryBytes < ContainerSettings.MIN_MEMORY_BYTES) {
                throw HakoException.invalid("memory limit %d bytes is below the minimum of 6 MiB", memoryBytes);
            }
            var resources = Json.MAPPER.createObjectNode();
            if (memoryBytes > 0) {
                resources.putObject("memory").put("limit", memoryBytes);
            }
            var cpu = Json.MAPPER.createObjectNode();
            if (cpuShares > 0) {
                cpu.put("shares", cpuShares);
            }
            long period = cpuPeriod > 0 ? cpuPeriod : 100_000;
            if (cpuQuota > 0) {
                cpu.put("quota", cpuQuota);
                cpu.put("period", period);
            }
            if (cpusetCpus != null && !cpusetCpus.isEmpty()) {
                cpu.put("cpus", cpusetCpus);
            }
            if (cpusetMems != null && !cpusetMems.isEmpty()) {
                cpu.put("mems", cpusetMems);
            }
            if (!cpu.isEmpty()) {
                resources.set("cpu", cpu);
            }
            if (r.state() == ContainerRecord.State.RUNNING && !resources.isEmpty()) {
                Path file = paths.bundle(r.id()).resolve("resources.json");
                Files.write(file, Json.write(resources));
                try {
                    runtimes.get(r.runtime()).update(r.id(), file);
                } finally {
                    Files.deleteIfExists(file);
                }
            }
            ContainerOptions o = options(r);
            long nanoCpus = cpuQuota > 0 ? cpuQuota * 1_000_000_000L / period : o.nanoCpus();
            LinuxOptions linux = (o.linux() != null ? o.linux() : LinuxOptions.NONE).withCpu(cpuShares, cpusetCpus, cpusetMems);
            ContainerOptions updated = o.withLimits(memoryBytes > 0 ? memoryBytes : o.memoryBytes(), nanoCpus, linux);
            records.update(r.withConfig(new String(Json.write(updated))));
        } finally {
            lock.unlock();
        }
    }

    /** Follows container events until {@link #unsubscribe}; the listener must not block. */
    public void subscribe(Consumer<ContainerEvent> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<ContainerEvent> listener) {
        listeners.remove(listener);
    }

    private void publish(String id, ContainerOptions options, ContainerEvent.Kind kind) {
        ContainerEvent event = new ContainerEvent(id, options.pod() == null ? "" : options.pod().podId(), kind, nanosNow());
        for (Consumer<ContainerEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a container event listener failed: {0}", e.toString());
            }
        }
    }

    /** The container's OCI runtime spec as written (config.json); "" when it has none. */
    public String runtimeSpec(String id) throws IOException {
        Path config = paths.configJson(id);
        return Files.exists(config) ? Files.readString(config) : "";
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
        return cgroups.version().name().toLowerCase(java.util.Locale.ROOT);
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
        List<Container> out = new ArrayList<>();
        for (ContainerRecord r : records.list()) {
            if (all || r.state() == ContainerRecord.State.RUNNING) {
                out.add(new Container(r, options(r)));
            }
        }
        return out;
    }

    public Container get(String ref) {
        ContainerRecord r = resolve(ref);
        return new Container(r, options(r));
    }

    /** The containers made from image {@code imageId} (a config digest), for rmi's conflict check. */
    public List<Container> usingImage(String imageId) {
        return records.usingImage(imageId).stream().map(r -> new Container(r, options(r))).toList();
    }

    /** Finds a container by full id, name, or unique id prefix, as docker does. */
    ContainerRecord resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw HakoException.invalid("no container named");
        }
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        var byId = records.get(name);
        if (byId.isPresent()) {
            return byId.get();
        }
        var byName = records.byName(name);
        if (byName.isPresent()) {
            return byName.get();
        }
        if (name.matches("[a-f0-9]+")) {
            List<ContainerRecord> matches = records.byIdPrefix(name);
            if (matches.size() == 1) {
                return matches.getFirst();
            }
            if (matches.size() > 1) {
                throw HakoException.invalid("multiple containers found with provided prefix: %s", ref);
            }
        }
        throw HakoException.notFound("No such container: %s", ref);
    }

    private ContainerRecord require(String id) {
        return records.get(id).orElseThrow(() -> HakoException.notFound("No such container: %s", id));
    }

    ContainerOptions options(ContainerRecord r) {
        return Json.read(r.config().getBytes(java.nio.charset.StandardCharsets.UTF_8), ContainerOptions.class,
                "container " + r.id());
    }

    MonitorPaths monitorPaths(String id) {
        return new MonitorPaths(id, paths.bundle(id), paths.monitorDir(id), paths.exitDir());
    }

    ReentrantLock lock(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    static long nanosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // For the collaborators in this package.
    ContainerRecords records() {
        return records;
    }

    RuntimeHandlers runtimes() {
        return runtimes;
    }

    Monitor conmon() {
        return conmon;
    }

    Cgroups cgroups() {
        return cgroups;
    }

    ContainerPaths paths() {
        return paths;
    }

    OverlaySnapshotter snapshots() {
        return snapshots;
    }

    ImageService images() {
        return images;
    }

    HostLimits host() {
        return host;
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
