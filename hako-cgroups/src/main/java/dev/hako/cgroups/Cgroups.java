package dev.hako.cgroups;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host's cgroups as hako sees them: which version, where each hierarchy is mounted, and the
 * containers' cgroups in them. The OCI runtime creates and joins a container's cgroup from the
 * spec's {@code linux.cgroupsPath}; hako only names that path, reads its counters and removes
 * what a failed or killed runtime left behind.
 *
 * <p>Paths are cgroupfs-style ("/hako/ID"), relative to each hierarchy's mount point, which is
 * how runc resolves an absolute cgroupsPath. Immutable and safe to share.
 */
public final class Cgroups {
    /** The parent under which hako puts its containers unless configured otherwise. */
    public static final String DEFAULT_PARENT = "/hako";
    /** How long {@link #remove(String)} waits for killed processes to leave the cgroup. */
    public static final Duration DEFAULT_REMOVE_TIMEOUT = Duration.ofSeconds(2);

    /** Mount options of v1 cgroup mounts that are not controllers. */
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode");
    /** Where v1 keeps the counters that {@link #stats} reads. */
    private static final List<String> STATS_CONTROLLERS = List.of("cpuacct", "cpu", "memory", "pids");
    /** Where to read a v1 cgroup's processes first: every hierarchy lists them, these are always there. */
    private static final List<String> PROCS_PREFERENCE = List.of("pids", "memory", "cpuacct", "cpu", "freezer", "devices");

    private final CgroupVersion version;
    private final Map<String, Path> v1;
    private final Optional<Path> unified;
    private final StatsReader reader;

    private Cgroups(CgroupVersion version, Map<String, Path> v1, Optional<Path> unified, long hostMemory) {
        this.version = version;
        this.v1 = Collections.unmodifiableMap(v1);
        this.unified = unified;
        this.reader = version == CgroupVersion.V2 ? new V2Stats(unified.orElseThrow(), hostMemory) : new V1Stats(v1, hostMemory);
    }

    /** This host's cgroups, from /proc/self/mountinfo. */
    public static Cgroups detect() {
        String mountinfo = readProc(Path.of("/proc/self/mountinfo"));
        long hostMemory = HostMemory.totalBytes(readProc(Path.of("/proc/meminfo")));
        return build(mountinfo, Path.of("/"), hostMemory);
    }

    /**
     * The cgroups a mountinfo text describes, with every mount point resolved under {@code root}
     * (a fake tree in tests). The host's memory comes from {@code root/proc/meminfo} when it exists.
     */
    public static Cgroups of(String mountinfo, Path root) {
        Path meminfo = root.resolve("proc/meminfo");
        long hostMemory = Files.isRegularFile(meminfo) ? HostMemory.totalBytes(readProc(meminfo)) : 0;
        return build(mountinfo, root, hostMemory);
    }

    private static Cgroups build(String mountinfo, Path root, long hostMemory) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path unified = null;
        for (MountInfo.CgroupMount m : MountInfo.parse(mountinfo)) {
            Path at = root.resolve(m.mountPoint().substring(1));
            if (m.fsType().equals("cgroup2")) {
                // A host may show cgroup2 more than once (bind mounts); the one under /sys/fs/cgroup is the host's.
                if (unified == null || (!isSysFsCgroup(unified, root) && m.mountPoint().startsWith("/sys/fs/cgroup"))) {
                    unified = at;
                }
                continue;
            }
            for (String option : m.superOptions()) {
                boolean named = option.startsWith("name=");
                if (named || (!NOT_CONTROLLERS.contains(option) && option.indexOf('=') < 0)) {
                    v1.putIfAbsent(option, at); // first mount of a hierarchy wins over later bind mounts
                }
            }
        }
        boolean v1Controllers = v1.keySet().stream().anyMatch(k -> !k.startsWith("name="));
        CgroupVersion version;
        if (v1Controllers) {
            version = unified != null ? CgroupVersion.HYBRID : CgroupVersion.V1;
        } else if (unified != null) {
            version = CgroupVersion.V2;
        } else {
            throw HakoException.precondition("no cgroup file system is mounted (mountinfo lists neither cgroup nor cgroup2)");
        }
        return new Cgroups(version, v1, Optional.ofNullable(unified), hostMemory);
    }

    private static boolean isSysFsCgroup(Path mountPoint, Path root) {
        return mountPoint.startsWith(root.resolve("sys/fs/cgroup"));
    }

    /**
     * The cgroupsPath for a container: {@code parent/id}. Both are checked (absolute parent, no
     * "..", no slash in the id, plain names only), since the path is joined onto every mount point.
     */
    public static String containerPath(String parent, String id) {
        return CgroupPath.child(parent, id).value();
    }

    /** Checks a cgroupsPath as {@link #stats} and {@link #remove} would, and returns it. */
    public static String checkPath(String path) {
        return CgroupPath.parse(path).value();
    }

    public CgroupVersion version() {
        return version;
    }

    /** The mount point of a v1 controller ("memory", "cpuacct") or named hierarchy ("name=systemd"). */
    public Optional<Path> mountPoint(String controller) {
        return Optional.ofNullable(v1.get(controller));
    }

    /** The cgroup2 mount point: the only hierarchy on V2, the one beside v1 on HYBRID. */
    public Optional<Path> unifiedMountPoint() {
        return unified;
    }

    /** The controllers limits can be set with: v1's mounted ones, or on V2 those the root cgroup offers. */
    public Set<String> controllers() {
        Set<String> names = new TreeSet<>();
        if (version == CgroupVersion.V2) {
            CgroupFiles.read(unified.orElseThrow().resolve("cgroup.controllers"))
                    .ifPresent(t -> names.addAll(List.of(t.strip().split("\\s+"))));
            names.remove("");
        } else {
            v1.keySet().stream().filter(k -> !k.startsWith("name=")).forEach(names::add);
        }
        return names;
    }

    /** Every distinct mount point a container's cgroup can be in: v1 hierarchies (named ones too) and cgroup2. */
    public List<Path> hierarchies() {
        Set<Path> all = new LinkedHashSet<>(v1.values());
        unified.ifPresent(all::add);
        return List.copyOf(all);
    }

    /** The directories of {@code path} that exist now, one per hierarchy. */
    public List<Path> directories(String path) {
        CgroupPath p = CgroupPath.parse(path);
        List<Path> found = new ArrayList<>();
        for (Path h : hierarchies()) {
            Path dir = p.under(h);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                found.add(dir);
            }
        }
        return found;
    }

    /** Whether {@code path} exists in any hierarchy. */
    public boolean exists(String path) {
        return !directories(path).isEmpty();
    }

    /**
     * CPU, memory and pids counters and limits of {@code path}.
     *
     * @throws HakoException NOT_FOUND when the cgroup does not exist (or went away while read)
     */
    public CgroupStats stats(String path) {
        CgroupPath p = CgroupPath.parse(path);
        requireStatsDirectory(p);
        CgroupStats stats = reader.read(p);
        // Files vanish when the runtime removes the cgroup mid-read; that is "not found", not "no controller".
        requireStatsDirectory(p);
        return stats;
    }

    private void requireStatsDirectory(CgroupPath p) {
        List<Path> mounts = version == CgroupVersion.V2
                ? List.of(unified.orElseThrow())
                : STATS_CONTROLLERS.stream().map(v1::get).filter(Objects::nonNull).toList();
        if (mounts.stream().noneMatch(m -> Files.isDirectory(p.under(m), LinkOption.NOFOLLOW_LINKS))) {
            throw HakoException.notFound("cgroup %s not found", p.value());
        }
    }

    /**
     * The PIDs in {@code path} itself (cgroup.procs; child cgroups not included).
     *
     * @throws HakoException NOT_FOUND when the cgroup does not exist
     */
    public List<Long> processes(String path) {
        CgroupPath p = CgroupPath.parse(path);
        for (Path h : procsOrder()) {
            Path dir = p.under(h);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return CgroupFiles.pids(dir.resolve("cgroup.procs"));
            }
        }
        throw HakoException.notFound("cgroup %s not found", p.value());
    }

    private List<Path> procsOrder() {
        if (version == CgroupVersion.V2) {
            return List.of(unified.orElseThrow());
        }
        Set<Path> order = new LinkedHashSet<>();
        PROCS_PREFERENCE.stream().map(v1::get).filter(Objects::nonNull).forEach(order::add);
        order.addAll(hierarchies());
        return List.copyOf(order);
    }

    /** {@link #remove(String, Duration)} with {@link #DEFAULT_REMOVE_TIMEOUT}. */
    public boolean remove(String path) {
        return remove(path, DEFAULT_REMOVE_TIMEOUT);
    }

    /**
     * Removes {@code path} from every hierarchy where it exists, child cgroups first, with rmdir
     * only. Processes must be gone (or dying): rmdir is retried until {@code timeout} while they exit.
     *
     * @return whether the cgroup existed anywhere
     * @throws HakoException FAILED_PRECONDITION naming the processes still in it after the timeout;
     *     INVALID_ARGUMENT for the root cgroup
     */
    public boolean remove(String path, Duration timeout) {
        CgroupPath p = CgroupPath.parse(path);
        if (p.isRoot()) {
            throw HakoException.invalid("refusing to remove the root cgroup");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean existed = false;
        for (Path h : hierarchies()) {
            existed |= CgroupRemover.remove(p.under(h), p.value(), deadline);
        }
        return existed;
    }

    private static String readProc(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new HakoException(ErrorKind.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Cgroups[" + version + ", v1=" + v1 + ", unified=" + unified.map(Path::toString).orElse("none") + "]";
    }
}
