package dev.hako.pods;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.errdefs.Rollback;
import dev.hako.metadata.ContainerRecord;
import dev.hako.metadata.ContainerRecords;
import dev.hako.metadata.PodRecord;
import dev.hako.metadata.PodRecords;
import dev.hako.sys.FileTrees;
import dev.hako.sys.Namespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Pod sandboxes: run (namespaces pinned, files written, network set up, row stored), stop (containers
 * killed, network torn down, namespaces released), remove, and the queries. Stop and remove of a pod
 * that is already stopped or gone succeed, as the kubelet expects.
 */
public final class PodService {
    private static final Logger LOG = System.getLogger("hakod.pods");
    private static final ObjectMapper JSON = dev.hako.oci.Json.MAPPER;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PodRecords records;
    private final ContainerRecords containerRecords;
    private final ContainerService containers;
    private final PodNetwork network;
    private final PodPaths paths;
    private final Set<String> runtimeHandlers;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** @param containerRecords the containers table, read only here: which containers a pod has (by its index) */
    public PodService(PodRecords records, ContainerRecords containerRecords, ContainerService containers,
                      PodNetwork network, PodPaths paths, Set<String> runtimeHandlers) {
        this.records = records;
        this.containerRecords = containerRecords;
        this.containers = containers;
        this.network = network;
        this.paths = paths;
        this.runtimeHandlers = Set.copyOf(runtimeHandlers);
    }

    public PodNetwork network() {
        return network;
    }

    // ---- run ------------------------------------------------------------------------------

    public Pod run(PodConfig config) throws IOException {
        String handler = config.runtimeHandler().isEmpty() ? containers.defaultRuntime() : config.runtimeHandler();
        if (!runtimeHandlers.contains(handler)) {
            throw HakoException.invalid("runtime handler \"%s\" is not configured (configured: %s)", handler,
                    String.join(", ", runtimeHandlers.stream().sorted().toList()));
        }
        // Checked before anything is made: the sysctls must suit the namespaces the pod gets.
        new dev.hako.spec.PodNamespaces(null, null, null, null, config.hostNetwork(), config.hostIpc(), config.hostPid(),
                config.sysctls());
        if (!config.hostNetwork()) {
            network.notReadyReason().ifPresent(reason -> {
                throw HakoException.precondition("the pod network is not ready: %s", reason);
            });
        }
        String id = HexFormat.of().formatHex(randomBytes());
        // The hostname is optional in the CRI; without one a pod gets the node's, as in containerd
        // and CRI-O (a pod's name may be longer than the 64 bytes a hostname can have).
        String hostname = !config.hostname().isEmpty() ? config.hostname() : hostHostname();
        long now = System.currentTimeMillis() * 1_000_000L;
        // The row first, not ready: a crash part-way leaves a pod the kubelet sees and removes.
        records.insert(new PodRecord(id, config.sandboxName(), handler, PodRecord.State.NOTREADY, json(config), "", now));
        Rollback undo = new Rollback();
        try {
            undo.add(() -> records.delete(id));
            Files.createDirectories(paths.dir(id));
            undo.add(() -> FileTrees.deleteRecursively(paths.dir(id)));
            EnumSet<Namespaces.Kind> kinds = EnumSet.noneOf(Namespaces.Kind.class);
            if (!config.hostNetwork()) {
                kinds.add(Namespaces.Kind.NET);
                kinds.add(Namespaces.Kind.UTS);
            }
            if (!config.hostIpc()) {
                kinds.add(Namespaces.Kind.IPC);
            }
            Map<Namespaces.Kind, Path> pins = Namespaces.pin(kinds, paths.namespaces(id), hostname);
            undo.add(() -> Namespaces.unpin(pins.values()));
            PodFiles.write(paths.nameFiles(id), hostname, config);
            if (config.sharedPid()) {
                // Registered first: a start that fails part-way may have left the pause or its pin.
                undo.add(() -> {
                    PauseProcess.stop(paths.pausePid(id));
                    Namespaces.unpin(List.of(paths.pidNamespace(id)));
                });
                PauseProcess.start(pins, paths.pidNamespace(id), paths.pausePid(id));
            }
            List<String> ips = List.of();
            if (!config.hostNetwork()) {
                // Registered first: a failed set-up may have done part of its work.
                undo.add(() -> network.tearDown(request(id, config)));
                ips = network.setUp(request(id, config));
            }
            records.update(new PodRecord(id, config.sandboxName(), handler, PodRecord.State.READY, json(config),
                    JSON.writeValueAsString(ips), now));
            undo.commit();
            LOG.log(Level.INFO, "ran pod sandbox {0} ({1}){2}", id, config.sandboxName(),
                    ips.isEmpty() ? "" : " with " + String.join(", ", ips));
            return toPod(records.get(id).orElseThrow());
        } catch (IOException | RuntimeException e) {
            // What could not be undone travels with the error (suppressed), and is logged here too.
            undo.undo(e);
            for (Throwable failed : e.getSuppressed()) {
                LOG.log(Level.WARNING, "cleaning up failed pod {0}: {1}", id, failed.getMessage());
            }
            throw e;
        }
    }

    // ---- stop and remove ------------------------------------------------------------------

    /** Kills the pod's containers, tears its network down and releases its namespaces; a gone pod is fine. */
    public void stop(String ref) throws IOException {
        PodRecord r = findOrNull(ref);
        if (r == null) {
            return;
        }
        ReentrantLock lock = lock(r.id());
        lock.lock();
        try {
            stopLocked(r);
        } finally {
            lock.unlock();
        }
    }

    private void stopLocked(PodRecord r) throws IOException {
        for (Container c : containersOf(r.id())) {
            if (c.record().state() == ContainerRecord.State.RUNNING) {
                try {
                    containers.stop(c.id(), 0);
                } catch (HakoException e) {
                    if (e.kind() != ErrorKind.FAILED_PRECONDITION && e.kind() != ErrorKind.NOT_FOUND) {
                        throw e; // it exited meanwhile, or was removed: fine
                    }
                }
            }
        }
        PodConfig config = config(r);
        if (!config.hostNetwork()) {
            // Every time, also when already stopped: a teardown that failed before is retried.
            network.tearDown(request(r.id(), config));
        }
        PauseProcess.stop(paths.pausePid(r.id()));
        Namespaces.unpin(pinFiles(r.id()));
        if (r.state() != PodRecord.State.NOTREADY) {
            records.update(r.withState(PodRecord.State.NOTREADY));
            LOG.log(Level.INFO, "stopped pod sandbox {0}", r.id());
        }
    }

    /** Stops the pod if needed and removes it with its containers; a gone pod is fine. */
    public void remove(String ref) throws IOException {
        PodRecord r = findOrNull(ref);
        if (r == null) {
            return;
        }
        ReentrantLock lock = lock(r.id());
        lock.lock();
        try {
            stopLocked(records.get(r.id()).orElse(r));
            for (Container c : containersOf(r.id())) {
                try {
                    containers.remove(c.id(), true);
                } catch (HakoException e) {
                    if (e.kind() != ErrorKind.NOT_FOUND) {
                        throw e;
                    }
                }
            }
            FileTrees.deleteRecursively(paths.dir(r.id()));
            records.delete(r.id());
            LOG.log(Level.INFO, "removed pod sandbox {0}", r.id());
        } finally {
            lock.unlock();
            locks.remove(r.id());
        }
    }

    // ---- queries ----------------------------------------------------------------------------

    /** The pod with this id or unique id prefix; NOT_FOUND otherwise. */
    public Pod get(String ref) throws IOException {
        PodRecord r = findOrNull(ref);
        if (r == null) {
            throw HakoException.notFound("pod sandbox %s not found", ref);
        }
        return toPod(r);
    }

    public List<Pod> list() throws IOException {
        List<Pod> out = new ArrayList<>();
        for (PodRecord r : records.list()) {
            out.add(toPod(r));
        }
        return out;
    }

    /** The pid of the pod's pause process (a shared PID namespace) while it runs; empty for a pod without one. */
    public java.util.Optional<Integer> pausePid(String podId) throws IOException {
        return PauseProcess.livePid(paths.pausePid(podId));
    }

    /**
     * The containers created in the pod, running or not, newest first. The metadata's index of
     * containers by pod finds them, so only this pod's settings are read (the stats and events
     * calls ask for every pod); one removed meanwhile is left out.
     */
    public List<Container> containersOf(String podId) {
        List<Container> out = new ArrayList<>();
        for (String id : containerRecords.idsInPod(podId)) {
            try {
                out.add(containers.get(id));
            } catch (HakoException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return out;
    }

    // ---- recovery ---------------------------------------------------------------------------

    /**
     * After a restart (or a crash): pods whose namespaces are gone (the machine rebooted) become not
     * ready; directories of pods without a row (a run cut short) are released and deleted.
     */
    public List<String> recover() throws IOException {
        Files.createDirectories(paths.root());
        List<String> notes = new ArrayList<>();
        Set<String> known = new java.util.HashSet<>();
        for (PodRecord r : records.list()) {
            known.add(r.id());
            if (r.state() != PodRecord.State.READY) {
                continue;
            }
            PodConfig config = config(r);
            String lost = !config.hostNetwork() && !Namespaces.isPinned(paths.namespaces(r.id()).resolve("net"))
                    ? "its network namespace"
                    : config.sharedPid() && !PauseProcess.alive(paths.pausePid(r.id())) ? "its pause process (its PID namespace)"
                    : null;
            if (lost != null) {
                records.update(r.withState(PodRecord.State.NOTREADY));
                notes.add("pod sandbox " + r.id() + " lost " + lost + ": not ready");
            } else if (!config.hostNetwork()) {
                // The network may have been changed behind hakod's back while it was down: CNI's CHECK says.
                try {
                    network.check(request(r.id(), config));
                } catch (IOException | RuntimeException e) {
                    notes.add("pod sandbox " + r.id() + ": its network does not check out: " + e.getMessage());
                }
            }
        }
        try (Stream<Path> dirs = Files.list(paths.root())) {
            for (Path dir : dirs.toList()) {
                String id = dir.getFileName().toString();
                if (!known.contains(id)) {
                    PauseProcess.stop(paths.pausePid(id));
                    Namespaces.unpin(pinFiles(id));
                    FileTrees.deleteRecursively(dir);
                    notes.add("removed the leftovers of pod sandbox " + id);
                }
            }
        }
        return notes;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private PodRecord findOrNull(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw HakoException.invalid("PodSandboxId is required");
        }
        var exact = records.get(ref);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<PodRecord> matches = records.byIdPrefix(ref);
        if (matches.size() > 1) {
            throw HakoException.invalid("pod sandbox id prefix %s is ambiguous", ref);
        }
        return matches.isEmpty() ? null : matches.getFirst();
    }

    private Pod toPod(PodRecord r) throws IOException {
        PodConfig config = config(r);
        List<String> ips = r.network().isEmpty() ? List.of() : JSON.readValue(r.network(), new TypeReference<List<String>>() {});
        Path ns = paths.namespaces(r.id());
        return new Pod(r, config, ips, config.hostNetwork() ? null : ns.resolve("net"),
                config.hostIpc() ? null : ns.resolve("ipc"), config.hostNetwork() ? null : ns.resolve("uts"),
                config.sharedPid() ? paths.pidNamespace(r.id()) : null, paths.dir(r.id()));
    }

    private List<Path> pinFiles(String id) {
        Path ns = paths.namespaces(id);
        List<Path> pins = new ArrayList<>(Stream.of(Namespaces.Kind.values()).map(k -> ns.resolve(k.procName())).toList());
        pins.add(paths.pidNamespace(id));
        return pins;
    }

    private PodNetwork.Request request(String id, PodConfig config) {
        return new PodNetwork.Request(id, paths.namespaces(id).resolve("net").toString(), config.name(),
                config.namespace(), config.uid(), config.portMappings());
    }

    private static PodConfig config(PodRecord r) {
        try {
            return JSON.readValue(r.config(), PodConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored config of pod " + r.id() + " cannot be read", e);
        }
    }

    private static String json(PodConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ReentrantLock lock(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
