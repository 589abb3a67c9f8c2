package dev.hako.daemon;

import dev.hako.content.LocalContentStore;
import dev.hako.cgroups.Cgroups;
import dev.hako.containers.ContainerPaths;
import dev.hako.containers.ContainerService;
import dev.hako.docker.DockerApi;
import dev.hako.docker.DockerApiServer;
import dev.hako.docker.Engine;
import dev.hako.daemon.api.ContainersApi;
import dev.hako.daemon.api.ImagesApi;
import dev.hako.metadata.ContainerRecords;
import dev.hako.monitor.ConmonMonitor;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.spec.HostLimits;
import dev.hako.spec.SpecGenerator;
import dev.hako.daemon.api.RegistriesApi;
import dev.hako.daemon.api.SystemApi;
import dev.hako.daemon.cri.CriImageApi;
import dev.hako.daemon.cri.CriRuntimeApi;
import dev.hako.daemon.cri.CriSettings;
import dev.hako.daemon.cri.CriStreamHandlers;
import dev.hako.metadata.PodRecords;
import dev.hako.pods.CniPodNetwork;
import dev.hako.pods.PodPaths;
import dev.hako.pods.PodService;
import dev.hako.errdefs.HakoException;
import dev.hako.images.ImageService;
import dev.hako.images.LocalImageService;
import dev.hako.metadata.Database;
import dev.hako.metadata.ImageRecords;
import dev.hako.metadata.SnapshotRecords;
import dev.hako.registry.DockerConfigFile;
import dev.hako.registry.RegistryClient;
import dev.hako.snapshots.OverlaySnapshotter;
import dev.hako.snapshots.Snapshotter;
import dev.hako.ttrpc.TtrpcChannel;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The one place where hakod's parts are made and wired together. Start-up takes the store lock,
 * opens the database, repairs what a crash left, then serves the API on the unix socket.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hakod");

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final UnixSocketServer server;

    private Daemon(UnixSocketServer server) {
        this.server = server;
    }

    public static Daemon start(DaemonPaths paths, HakoConfig config) throws IOException {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Files.createDirectories(paths.root());
            dev.hako.daemon.api.GrpcErrors.hideStorePaths(paths.root(), paths.state());
            Files.createDirectories(paths.state());
            FileChannel lockChannel = FileChannel.open(paths.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            opened.push(lockChannel);
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                throw HakoException.precondition("another hakod is using %s", paths.root());
            }
            closeToLocalUsers(paths, config.api());

            Database db = Database.open(paths.database());
            opened.push(db);
            LocalContentStore content = new LocalContentStore(paths.content());
            Snapshotter snapshots = new OverlaySnapshotter(paths.snapshots(), new SnapshotRecords(db));
            DockerConfigFile credentials = new DockerConfigFile(config.authFile());
            RegistryClient registry = new RegistryClient(config.registries(), credentials);
            opened.push(registry);
            LocalImageService images = new LocalImageService(content, snapshots, new ImageRecords(db), registry, config.images());
            opened.push(images);

            RuntimeSettings rs = config.runtime();
            RuntimeHandlers runtimes = RuntimeHandlers.of(rs.resolved(paths.state()), rs.defaultHandler());
            ConmonMonitor conmon = new ConmonMonitor(rs.conmon(), "error", ConmonMonitor.DEFAULT_CREATE_TIMEOUT);
            HostLimits host = HostLimits.probe();
            ContainerRecords containerRecords = new ContainerRecords(db);
            ContainerService containers = new ContainerService(images, snapshots, containerRecords, runtimes, conmon,
                    Cgroups.detect(), SpecGenerator.defaults(), host,
                    new ContainerPaths(paths.state().resolve("containers"), paths.root().resolve("containers")),
                    rs.cgroupParent());
            opened.push(containers);
            images.setUsers(id -> containers.usingImage(id.toString()).stream().map(c -> c.id().substring(0, 12)).toList());
            if (!host.canLowerOomScoreAdj() || !host.canRaiseRlimits()) {
                LOG.log(Level.INFO, "no CAP_SYS_RESOURCE: negative oom_score_adj and raised hard rlimits are clamped");
            }

            CniSettings cni = config.cni();
            java.nio.file.Path cniCache = paths.state().resolve("cni").resolve("cache");
            PodService pods = new PodService(new PodRecords(db), containerRecords, containers,
                    new CniPodNetwork(cni.confDir(), cni.binDirs(), cniCache),
                    new PodPaths(paths.state().resolve("pods")), java.util.Set.copyOf(containers.runtimeNames()));

            // Containers first: their snapshots keep image layers from being collected as unreferenced.
            List<String> reconciled = containers.recover();
            reconciled.forEach(r -> LOG.log(Level.INFO, "recovery: {0}", r));
            pods.recover().forEach(r -> LOG.log(Level.INFO, "recovery: {0}", r));
            List<String> repaired = images.recover();
            repaired.forEach(r -> LOG.log(Level.INFO, "recovery: removed {0}", r));

            StreamingSettings ss = config.streaming();
            var streaming = CriStreamHandlers.server(pods, containers, ss.host(), ss.port(),
                    url -> LOG.log(Level.INFO, "streaming server for exec, attach and port-forward on {0}", url));
            opened.push(streaming);

            ApiAccess access = ApiAccess.forHost((Integer) Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"),
                    config.api());
            UnixSocketServer server = UnixSocketServer.start(paths.socket(), List.of(
                    new SystemApi(new StoreInfo(paths, images, content, containers, host, conmon)),
                    new ImagesApi(images),
                    new ContainersApi(containers),
                    new RegistriesApi(registry, credentials)), List.of(
                    new CriRuntimeApi(pods, containers, images, streaming,
                            new CriSettings(paths, config, cniCache, !host.canLowerOomScoreAdj())),
                    new CriImageApi(images, paths.root())),
                    access, dockerSocket(paths, config.docker(), access, images, containers));
            Daemon daemon = new Daemon(server);
            daemon.resources.addAll(opened);
            LOG.log(Level.INFO, "hakod {0} serving on unix://{1} (the CLI''s ttrpc on unix://{2}; root {3})",
                    dev.hako.api.HakoVersion.version(), paths.socket(), TtrpcChannel.socketBeside(paths.socket()),
                    paths.root());
            if (config.docker().enabled()) {
                LOG.log(Level.INFO, "Docker Engine API on unix://{0}", config.docker().socketFor(paths.socket()));
            }
            return daemon;
        } catch (IOException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /**
     * The Docker Engine API's socket, bound and published with the others; the API behind it is made
     * at its first request (a node that never runs docker pays for a listening socket only).
     */
    private static List<UnixSocketServer.Extra> dockerSocket(DaemonPaths paths, DockerSettings settings, ApiAccess access,
                                                             ImageService images, ContainerService containers) {
        if (!settings.enabled()) {
            return List.of();
        }
        Engine engine = new Engine(dev.hako.api.HakoVersion.version(), paths.root());
        return List.of(new UnixSocketServer.Extra("docker", settings.socketFor(paths.socket()), staged ->
                DockerApiServer.bind(staged, access::allows,
                        () -> DockerApi.of(engine, images, containers, dev.hako.daemon.api.GrpcErrors::redactStorePaths))));
    }

    /**
     * Nobody but hakod enters its root: image layers may hold setuid programs and private files, and
     * the database containers' settings. The state directory holds containers' bundles (their
     * environment, their mounted roots) and the sockets: the API group may pass through it to reach
     * the sockets, no one else (moby's CVE-2021-41091 and containerd's CVE-2021-41103 let local
     * users into both). Set at every start, so a store made by an older hakod is closed too.
     */
    private static void closeToLocalUsers(DaemonPaths paths, ApiSettings api) throws IOException {
        Files.setPosixFilePermissions(paths.root(), PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(paths.state(), "unix:gid", api.gid());
        Files.setPosixFilePermissions(paths.state(), PosixFilePermissions.fromString("rwx--x---"));
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.close();
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "while shutting down: {0}", e.toString());
            }
        }
    }
}
