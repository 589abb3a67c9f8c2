package dev.hako.containers;

import dev.hako.metadata.ContainerRecord;
import dev.hako.oci.Json;
import dev.hako.runtime.RuntimeHandlers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Changes a container's CPU and memory limits: through the runtime ({@code update}) when it runs,
 * and in its row always, so that inspect and a restart show the new values.
 */
final class ResourceUpdater {
    private final ContainerStore store;
    private final ContainerLocks locks;
    private final RuntimeHandlers runtimes;
    private final ContainerPaths paths;

    ResourceUpdater(ContainerStore store, ContainerLocks locks, RuntimeHandlers runtimes, ContainerPaths paths) {
        this.store = store;
        this.locks = locks;
        this.runtimes = runtimes;
        this.paths = paths;
    }

    void update(String id, ResourceUpdate update) throws IOException {
        try (var held = locks.hold(id)) {
            ContainerRecord r = store.require(id);
            ResourceUpdate.RuntimeResources resources = update.runtimeResources();
            if (r.state() == ContainerRecord.State.RUNNING && resources != null) {
                Path file = paths.bundle(id).resolve("resources.json");
                Files.write(file, Json.write(resources));
                try {
                    runtimes.get(r.runtime()).update(id, file);
                } finally {
                    Files.deleteIfExists(file);
                }
            }
            ContainerOptions o = store.options(r);
            long nanoCpus = update.cpuQuota() > 0 ? update.cpuQuota() * 1_000_000_000L / update.period() : o.nanoCpus();
            LinuxOptions linux = (o.linux() != null ? o.linux() : LinuxOptions.NONE)
                    .withCpu(update.cpuShares(), update.cpusetCpus(), update.cpusetMems());
            ContainerOptions updated = o.withLimits(update.memoryBytes() > 0 ? update.memoryBytes() : o.memoryBytes(),
                    nanoCpus, linux);
            store.update(r.withConfig(new String(Json.write(updated))));
        }
    }
}
