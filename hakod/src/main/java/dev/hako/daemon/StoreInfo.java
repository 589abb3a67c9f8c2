package dev.hako.daemon;

import dev.hako.api.HakoVersion;
import dev.hako.api.v1.InfoResponse;
import dev.hako.content.LocalContentStore;
import dev.hako.api.v1.RuntimeHandlerInfo;
import dev.hako.containers.ContainerService;
import dev.hako.images.ImageService;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.ConmonMonitor;
import dev.hako.spec.HostLimits;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** What {@code hako info} shows about the store: where it is and how much it holds. */
public final class StoreInfo {
    private final DaemonPaths paths;
    private final ImageService images;
    private final LocalContentStore content;
    private final ContainerService containers;
    private final HostLimits host;
    private final ConmonMonitor conmon;

    StoreInfo(DaemonPaths paths, ImageService images, LocalContentStore content, ContainerService containers,
              HostLimits host, ConmonMonitor conmon) {
        this.paths = paths;
        this.images = images;
        this.content = content;
        this.containers = containers;
        this.host = host;
        this.conmon = conmon;
    }

    public InfoResponse info() throws IOException {
        var all = containers.list(true);
        long contentBytes = content.usage();
        long snapshotBytes = diskUsage(paths.snapshots());
        return InfoResponse.newBuilder()
                .setRootDir(paths.root().toString())
                .setStateDir(paths.state().toString())
                .setSocket(paths.socket().toString())
                .setContentDir(paths.content().toString())
                .setSnapshotsDir(paths.snapshots().toString())
                .setDatabase(paths.database().toString())
                .setImages(images.count())
                .setContentBytes(contentBytes)
                .setSnapshotBytes(snapshotBytes)
                .setDiskUsedBytes(diskUsage(paths.root()))
                .setStorageDriver("overlayfs")
                .setVersion(HakoVersion.version())
                .addAllRuntimes(containers.runtimeInfo().stream().map(h -> RuntimeHandlerInfo.newBuilder()
                        .setName(h.name()).setPath(h.path() == null ? "" : h.path()).setFound(h.found())
                        .setVersion(h.version() == null ? "" : h.version()).setIsolation(h.isolation().configName())
                        .setRoot(h.root() == null ? "" : h.root().toString()).build()).toList())
                .setDefaultRuntime(containers.defaultRuntime())
                .setCgroupVersion(containers.cgroupVersion())
                .setResourceLimitsRestricted(!host.canLowerOomScoreAdj() || !host.canRaiseRlimits())
                .setContainers(all.size())
                .setContainersRunning(all.stream().filter(c -> c.record().state() == ContainerRecord.State.RUNNING).count())
                .setContainersStopped(all.stream().filter(c -> c.record().state() == ContainerRecord.State.EXITED).count())
                .setConmon(conmon.binary().map(Object::toString).orElse("not found"))
                .build();
    }

    /** Bytes allocated on disk under {@code dir}, as du counts them (hard links once). */
    static long diskUsage(Path dir) throws IOException {
        long[] total = {0};
        java.util.Set<Object> seen = new java.util.HashSet<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Object key = attrs.fileKey();
                if (key == null || seen.add(key)) {
                    total[0] += attrs.isRegularFile() ? attrs.size() : 0;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // a file removed while walking
            }
        });
        return total[0];
    }
}
