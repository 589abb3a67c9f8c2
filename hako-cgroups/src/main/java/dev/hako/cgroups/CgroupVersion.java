package dev.hako.cgroups;

/** Which cgroup file systems a host mounts; it decides where limits and counters are read. */
public enum CgroupVersion {
    /** Only v1 hierarchies, one per controller (or per comma-joined group of controllers). */
    V1,
    /**
     * v1 controllers plus a cgroup2 mount beside them (systemd's "hybrid", e.g. at
     * /sys/fs/cgroup/unified). Limits and counters live in v1; runc still creates each container's
     * cgroup in the v2 mount too, so removal covers it.
     */
    HYBRID,
    /** One unified cgroup2 hierarchy holds every controller. */
    V2
}
