package dev.hako.containers;

import dev.hako.cgroups.Cgroups;
import dev.hako.errdefs.HakoException;
import dev.hako.images.Image;
import dev.hako.metadata.ContainerRecord;
import dev.hako.metadata.ContainerRecords;
import dev.hako.metadata.Database;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Manifest;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.spec.HostLimits;
import dev.hako.spec.SpecGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A ContainerService over fakes of its seams (monitor, runtime, snapshotter, mounts, images) and
 * a real database in a temporary directory: the service's own logic, fast and without root.
 */
final class TestContainers implements AutoCloseable {
    static final String IMAGE = "busybox";
    private static final String V2_MOUNTINFO =
            "26 24 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw\n";

    final Path dir;
    final Database db;
    final ContainerRecords records;
    final ContainerPaths paths;
    final FakeMonitor monitor = new FakeMonitor();
    final FakeSnapshotter snapshots;
    final FakeMounter mounter = new FakeMounter();
    final FakeRuntimeHandler runtime;
    final Map<String, Image> images = new ConcurrentHashMap<>();
    final Image busybox;
    final List<ContainerEvent> events = new CopyOnWriteArrayList<>();
    final ContainerService service;

    TestContainers(Path dir) throws IOException {
        this.dir = dir;
        db = Database.open(dir.resolve("metadata.db"));
        records = new ContainerRecords(db);
        paths = new ContainerPaths(dir.resolve("run/containers"), dir.resolve("lib/containers"));
        snapshots = new FakeSnapshotter(dir.resolve("snapshots"));
        runtime = new FakeRuntimeHandler("runc", monitor, paths);
        busybox = addImage(IMAGE, "layer of " + IMAGE, null);
        service = new ContainerService(this::image, snapshots, mounter, records,
                new RuntimeHandlers(List.of(runtime), "runc"), monitor, Cgroups.of(V2_MOUNTINFO, dir.resolve("cgroupfs")),
                SpecGenerator.defaults(), HostLimits.unrestricted(), paths, "/hako");
        service.subscribe(events::add);
        service.recover();
    }

    /** An image of one layer holding an executable /bin/sh, named {@code name}. */
    Image addImage(String name, String layerContent, String stopSignal) throws IOException {
        Digest diffId = Digest.sha256(layerContent.getBytes(StandardCharsets.UTF_8));
        Path layer = snapshots.commitLayer(diffId.toString());
        Path sh = Files.createDirectories(layer.resolve("bin")).resolve("sh");
        Files.writeString(sh, "#!fake\n");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        ImageConfig config = new ImageConfig(null, null, "amd64", "linux", null, null,
                new ImageConfig.Config(null, null, List.of("PATH=/bin"), null, List.of("sh"), null, null, null, stopSignal),
                new ImageConfig.RootFs("layers", List.of(diffId)), null);
        byte[] configBytes = dev.hako.oci.Json.write(config);
        Descriptor configDescriptor = new Descriptor("application/vnd.oci.image.config.v1+json",
                Digest.sha256(configBytes), configBytes.length);
        Descriptor manifest = new Descriptor("application/vnd.oci.image.manifest.v1+json",
                Digest.sha256(name.getBytes(StandardCharsets.UTF_8)), 100);
        Image image = new Image(name, manifest, manifest,
                new Manifest("application/vnd.oci.image.manifest.v1+json", configDescriptor, List.of()), config,
                configBytes, Instant.now());
        images.put(name, image);
        images.put(image.id().toString(), image);
        return image;
    }

    private Image image(String reference) {
        Image image = images.get(reference);
        if (image == null) {
            throw HakoException.notFound("image %s not found", reference);
        }
        return image;
    }

    static ContainerOptions options(String name) {
        return options(name, false, List.of());
    }

    static ContainerOptions options(String name, boolean autoRemove, List<String> cmd) {
        return new ContainerOptions(name, IMAGE, null, cmd, List.of(), "", "", List.of(), List.of(), false, "", 0, 0, 0,
                List.of(), List.of(), false, null, false, null, "", false, false, false, autoRemove, Map.of());
    }

    String create(String name) throws IOException {
        return service.create(options(name)).id();
    }

    String run(String name) throws IOException {
        String id = create(name);
        service.start(id);
        return id;
    }

    ContainerRecord record(String id) {
        return records.get(id).orElseThrow();
    }

    List<ContainerEvent.Kind> eventsOf(String id) {
        return events.stream().filter(e -> e.containerId().equals(id)).map(ContainerEvent::kind).toList();
    }

    /** Waits for something the exit watcher's thread does. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws Exception {
        service.close();
        db.close();
    }
}
