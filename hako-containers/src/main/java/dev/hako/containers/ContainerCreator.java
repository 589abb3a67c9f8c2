package dev.hako.containers;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.errdefs.Rollback;
import dev.hako.images.Image;
import dev.hako.metadata.ContainerRecord;
import dev.hako.metadata.ContainerRecords;
import dev.hako.oci.Json;
import dev.hako.runtime.RuntimeHandler;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.snapshots.Snapshotter;
import dev.hako.spec.ContainerSettings;
import dev.hako.spec.GeneratedSpec;
import dev.hako.spec.HostDevices;
import dev.hako.spec.HostLimits;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.PodNamespaces;
import dev.hako.spec.SpecContext;
import dev.hako.spec.SpecGenerator;
import dev.hako.sys.FileTrees;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code create}, as containerd's container_create: a writable snapshot on the image's top layer
 * mounted at the bundle's root, the /etc files, the generated spec (checked to name a command the
 * root has), then the row. Each step registers its undo, so a create that fails leaves nothing.
 */
final class ContainerCreator {
    private static final Logger LOG = System.getLogger("hakod.containers");
    /** How often a generated name is drawn again when another create took it meanwhile. */
    private static final int NAME_ATTEMPTS = 10;

    private final ImageSource images;
    private final Snapshotter snapshots;
    private final RootfsMounter mounter;
    private final ContainerStore store;
    private final RuntimeHandlers runtimes;
    private final SpecGenerator specs;
    private final HostLimits host;
    private final ContainerPaths paths;
    private final ContainerCgroups cgroups;
    private final ContainerEvents events;

    ContainerCreator(ImageSource images, Snapshotter snapshots, RootfsMounter mounter, ContainerStore store,
                     RuntimeHandlers runtimes, SpecGenerator specs, HostLimits host, ContainerPaths paths,
                     ContainerCgroups cgroups, ContainerEvents events) {
        this.images = images;
        this.snapshots = snapshots;
        this.mounter = mounter;
        this.store = store;
        this.runtimes = runtimes;
        this.specs = specs;
        this.host = host;
        this.paths = paths;
        this.cgroups = cgroups;
        this.events = events;
    }

    ContainerService.Created create(ContainerOptions options) throws IOException {
        RuntimeHandler handler = options.runtime().isEmpty() ? runtimes.defaultHandler() : runtimes.get(options.runtime());
        if (handler.binary().isEmpty()) {
            throw HakoException.precondition("runtime %s: %s not found", handler.name(),
                    handler.config().path() == null ? handler.name() + " on PATH" : handler.config().path());
        }
        ContainerSettings settings = ContainerSettingsMapper.settings(options);
        Image image = images.get(options.image());
        String id = Names.newId();
        String name = options.name().isEmpty() ? uniqueGeneratedName() : Names.checkName(options.name());
        var holder = store.byName(name);
        if (holder.isPresent()) {
            // The insert checks again; failing here first spares the work below.
            throw ContainerRecords.nameConflict(name, holder.get().id());
        }
        ContainerOptions stored = options.withName(name).withRuntime(handler.name());
        try (Rollback undo = new Rollback()) {
            Path rootfs = prepareRoot(id, image, options.pod(), undo);
            GeneratedSpec spec = specs.generate(image.config().config(), settings, context(id, rootfs, stored, settings));
            ExecutableCheck.requireCommand(spec.spec(), rootfs);
            Files.write(paths.configJson(id), spec.json());
            stored = insert(id, image, handler, stored, options.name().isEmpty());
            undo.commit();
            LOG.log(Level.INFO, "created container {0} ({1}) from {2}", id, stored.name(), options.image());
            events.publish(id, stored, ContainerEvent.Kind.CREATED);
            return new ContainerService.Created(id, spec.warnings());
        }
    }

    /** The bundle and log directories, and the container's snapshot mounted as its root. */
    private Path prepareRoot(String id, Image image, PodMembership pod, Rollback undo) throws IOException {
        Path bundle = paths.bundle(id);
        Files.createDirectories(bundle);
        undo.add(() -> FileTrees.deleteRecursively(bundle));
        Files.createDirectories(paths.logDir(id));
        undo.add(() -> FileTrees.deleteRecursively(paths.logDir(id)));
        if (pod != null && !pod.logPath().isEmpty()) {
            Files.createDirectories(Path.of(pod.logPath()).getParent());
        }
        String snapshotKey = ContainerService.SNAPSHOT_PREFIX + id;
        snapshots.prepare(snapshotKey, image.topChainId());
        undo.add(() -> snapshots.remove(snapshotKey));
        Path rootfs = paths.rootfs(id);
        mounter.mount(snapshots.mounts(snapshotKey), rootfs);
        undo.add(() -> mounter.unmount(rootfs));
        return rootfs;
    }

    /** What the spec is generated in: the container's own /etc files, or its pod's files and namespaces. */
    private SpecContext context(String id, Path rootfs, ContainerOptions options, ContainerSettings settings)
            throws IOException {
        PodMembership pod = options.pod();
        SpecContext.Builder context;
        if (pod == null) {
            String hostname = settings.hostnameFor(id, EtcFiles.hostHostname());
            EtcFiles.write(paths.nameFiles(id), hostname, settings.network() == NetworkMode.HOST);
            context = SpecContext.builder(id, rootfs, hostname).nameFiles(paths.nameFiles(id));
        } else {
            // Every container of a pod sees the same names and network.
            context = SpecContext.builder(id, rootfs, pod.hostname()).nameFiles(pod.nameFiles())
                    .pod(new PodNamespaces(pathOrNull(pod.netns()), pathOrNull(pod.ipcns()), pathOrNull(pod.utsns()),
                            pathOrNull(pod.pidns()), pod.hostNetwork(), pod.hostIpc(), pod.hostPid(), pod.sysctls()));
        }
        return context.cgroupsPath(cgroups.path(id, options)).host(host)
                .hostDevices(settings.privileged() ? HostDevices.scan(Path.of("/dev")) : List.of())
                .build();
    }

    /** Writes the row; two creates at once can draw the same generated name: it is drawn again, as docker does. */
    private ContainerOptions insert(String id, Image image, RuntimeHandler handler, ContainerOptions stored,
                                    boolean generatedName) {
        long now = Clock.nanosNow();
        for (int attempt = 1; ; attempt++) {
            try {
                store.insert(new ContainerRecord(id, stored.name(), stored.image(), image.id().toString(), handler.name(),
                        ContainerRecord.State.CREATED, new String(Json.write(stored)), 0, 0, 0, false, "", 0, now, 0, 0));
                return stored;
            } catch (HakoException e) {
                if (!generatedName || e.kind() != ErrorKind.ALREADY_EXISTS || attempt == NAME_ATTEMPTS) {
                    throw e;
                }
                stored = stored.withName(uniqueGeneratedName());
            }
        }
    }

    private String uniqueGeneratedName() {
        for (int i = 0; i < 20; i++) {
            String candidate = Names.generatedName();
            if (store.byName(candidate).isEmpty()) {
                return candidate;
            }
        }
        return Names.generatedName() + "_" + Names.newId().substring(0, 6);
    }

    private static Path pathOrNull(String path) {
        return path == null || path.isEmpty() ? null : Path.of(path);
    }
}
