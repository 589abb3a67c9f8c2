package dev.hako.containers;

import dev.hako.cgroups.CgroupStats;
import dev.hako.cgroups.Cgroups;
import dev.hako.errdefs.HakoException;
import java.util.Optional;

/**
 * Containers' cgroups: where each one is (under its pod's parent when the pod names one, else
 * under hako's), their counters, and their removal once the runtime is done with them.
 */
final class ContainerCgroups {
    private static final CgroupStats NONE = new CgroupStats(Optional.empty(), Optional.empty(), Optional.empty());

    private final Cgroups cgroups;
    private final String defaultParent;

    ContainerCgroups(Cgroups cgroups, String defaultParent) {
        this.cgroups = cgroups;
        this.defaultParent = defaultParent;
    }

    String path(String id, ContainerOptions options) {
        PodMembership pod = options.pod();
        String parent = pod != null && !pod.cgroupParent().isEmpty() ? pod.cgroupParent() : defaultParent;
        return Cgroups.containerPath(parent, id);
    }

    void remove(String id, ContainerOptions options) {
        cgroups.remove(path(id, options));
    }

    /** The counters now; empty ones when the cgroup is gone (the container exited meanwhile). */
    CgroupStats statsOrNone(String id, ContainerOptions options) {
        try {
            return cgroups.stats(path(id, options));
        } catch (HakoException e) {
            return NONE;
        }
    }

    static CgroupStats none() {
        return NONE;
    }

    /** True when the kernel's OOM killer struck in the container's cgroup; false when it is gone already. */
    boolean oomKilled(String id, ContainerOptions options) {
        try {
            return cgroups.stats(path(id, options)).memory()
                    .map(m -> m.oomKills().isPresent() && m.oomKills().getAsLong() > 0).orElse(false);
        } catch (HakoException e) {
            return false;
        }
    }

    Cgroups cgroups() {
        return cgroups;
    }
}
