package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the user asked for with {@code hako run}/{@code create}, checked: every value here is one the
 * spec can be built from. Null means "not given" where the image or docker's default decides.
 *
 * @param entrypoint replaces the image's Entrypoint; null keeps it, an empty list clears it
 * @param cmd replaces the image's Cmd when not empty
 * @param env KEY=VALUE entries, overriding the image's by key
 * @param workingDir absolute; null: the image's, else "/"
 * @param user USER[:GROUP], names or numbers; null: the image's, else root
 * @param hostname null: the first 12 characters of the id (the host's name with the host network)
 * @param memoryBytes 0: no limit; else at least 6 MiB
 * @param nanoCpus CPUs in billionths (--cpus 0.5 is 500000000); 0: no limit
 * @param cpuShares relative CPU weight; 0: the default
 * @param pidsLimit 0: no limit given; -1: unlimited, as docker
 * @param ulimits rlimits replacing the default RLIMIT_NOFILE 1024:1024 (by type)
 * @param oomScoreAdj -1000 to 1000; null: 0
 * @param capAdd capability names (CAP_ optional) or ALL
 * @param capDrop capability names (CAP_ optional) or ALL
 * @param seccomp null: hako's default profile
 * @param network null: NONE
 * @param labels become the spec's annotations
 * @param supplementalGroups gids added to the user's groups (the CRI's supplemental_groups, fsGroup)
 * @param maskedPaths replaces the default masked paths; null: the defaults
 * @param readonlyPaths replaces the default read-only paths; null: the defaults
 * @param cpusetCpus the CPUs the container may run on ("0-1"); null: all
 * @param cpusetMems the memory nodes it may use; null: all
 * @param devices host device nodes given to the container
 */
public record ContainerSettings(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        List<Volume> volumes,
        List<Tmpfs> tmpfs,
        boolean readOnlyRoot,
        String hostname,
        long memoryBytes,
        long nanoCpus,
        long cpuShares,
        long pidsLimit,
        List<Ulimit> ulimits,
        Integer oomScoreAdj,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        SeccompSetting seccomp,
        boolean noNewPrivileges,
        NetworkMode network,
        boolean tty,
        Map<String, String> labels,
        List<Long> supplementalGroups,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String cpusetCpus,
        String cpusetMems,
        List<DeviceMapping> devices) {

    /** docker's minimum: below it a container cannot even start its runtime. */
    public static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,62})");

    public ContainerSettings {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : env.stream().map(Env::checked).toList();
        workingDir = ContainerPath.workingDir(workingDir);
        user = user == null || user.isEmpty() ? null : user;
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        Set<String> targets = new HashSet<>();
        for (String t : Stream.concat(volumes.stream().map(Volume::target), tmpfs.stream().map(Tmpfs::target)).toList()) {
            if (!targets.add(t)) {
                throw HakoException.invalid("duplicate mount point: %s", t);
            }
        }
        if (hostname != null && !hostname.isEmpty() && !HOSTNAME.matcher(hostname).matches()) {
            throw HakoException.invalid("invalid hostname \"%s\": letters, digits, '.' and '-', at most 64 characters", hostname);
        }
        hostname = hostname == null || hostname.isEmpty() ? null : hostname;
        if (memoryBytes < 0) {
            throw HakoException.invalid("invalid memory limit %d: it cannot be negative", memoryBytes);
        }
        if (memoryBytes > 0 && memoryBytes < MIN_MEMORY_BYTES) {
            throw HakoException.invalid("memory limit %d bytes is below the minimum of 6 MiB (%d bytes)", memoryBytes, MIN_MEMORY_BYTES);
        }
        if (nanoCpus < 0) {
            throw HakoException.invalid("invalid --cpus %s: it cannot be negative", cpusText(nanoCpus));
        }
        if (nanoCpus > 0 && nanoCpus < 10_000_000) {
            // The quota would fall below the kernel's 1 ms minimum.
            throw HakoException.invalid("invalid --cpus %s: the minimum is 0.01", cpusText(nanoCpus));
        }
        if (cpuShares < 0) {
            throw HakoException.invalid("invalid CPU shares %d: they cannot be negative", cpuShares);
        }
        if (pidsLimit < -1) {
            throw HakoException.invalid("invalid --pids-limit %d: use a positive number, or -1 for unlimited", pidsLimit);
        }
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        if (ulimits.stream().map(Ulimit::type).distinct().count() != ulimits.size()) {
            throw HakoException.invalid("an rlimit is given twice in %s", ulimits);
        }
        if (oomScoreAdj != null && (oomScoreAdj < -1000 || oomScoreAdj > 1000)) {
            throw HakoException.invalid("invalid OOM score adjustment %d: it must be between -1000 and 1000", oomScoreAdj);
        }
        capAdd = capabilityNames(capAdd);
        capDrop = capabilityNames(capDrop);
        seccomp = seccomp == null ? SeccompSetting.DEFAULT : seccomp;
        network = network == null ? NetworkMode.NONE : network;
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        supplementalGroups = supplementalGroups == null ? List.of() : List.copyOf(supplementalGroups);
        for (long gid : supplementalGroups) {
            if (gid < 0 || gid > 0xffffffffL) {
                throw HakoException.invalid("supplemental group %d is not a valid gid", gid);
            }
        }
        maskedPaths = maskedPaths == null ? null : maskedPaths.stream().map(p -> ContainerPath.absolute(p, "masked path")).toList();
        readonlyPaths = readonlyPaths == null ? null : readonlyPaths.stream().map(p -> ContainerPath.absolute(p, "read-only path")).toList();
        cpusetCpus = cpusetCpus == null || cpusetCpus.isEmpty() ? null : checkedCpuset(cpusetCpus, "cpuset_cpus");
        cpusetMems = cpusetMems == null || cpusetMems.isEmpty() ? null : checkedCpuset(cpusetMems, "cpuset_mems");
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /**
     * The container's hostname: the user's, else the host's own with the host network (as docker
     * does), else the first 12 characters of the id. The caller writes it to /etc/hostname and
     * /etc/hosts and passes it in {@link SpecContext}.
     */
    public String hostnameFor(String containerId, String hostHostname) {
        if (hostname != null) {
            return hostname;
        }
        if (network == NetworkMode.HOST && hostHostname != null && !hostHostname.isEmpty()) {
            return hostHostname;
        }
        return containerId.substring(0, Math.min(12, containerId.length()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Normalised to CAP_NAME (or ALL); an unknown name is refused. */
    private static List<String> capabilityNames(List<String> names) {
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String c = n.trim().toUpperCase(Locale.ROOT).equals("ALL") ? "ALL" : Capability.parse(n).capName();
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** A cpuset list as the kernel takes it: "0-3,5". */
    private static String checkedCpuset(String value, String what) {
        if (!value.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
            throw HakoException.invalid("invalid %s \"%s\": a list of numbers and ranges such as 0-3,5", what, value);
        }
        return value;
    }

    private static String cpusText(long nanoCpus) {
        return BigDecimal.valueOf(nanoCpus, 9).stripTrailingZeros().toPlainString();
    }

    /** Builds settings field by field; unset fields are the defaults. */
    public static final class Builder {
        private List<String> entrypoint;
        private List<String> cmd;
        private List<String> env;
        private String workingDir;
        private String user;
        private List<Volume> volumes;
        private List<Tmpfs> tmpfs;
        private boolean readOnlyRoot;
        private String hostname;
        private long memoryBytes;
        private long nanoCpus;
        private long cpuShares;
        private long pidsLimit;
        private List<Ulimit> ulimits;
        private Integer oomScoreAdj;
        private List<String> capAdd;
        private List<String> capDrop;
        private boolean privileged;
        private SeccompSetting seccomp;
        private boolean noNewPrivileges;
        private NetworkMode network;
        private boolean tty;
        private Map<String, String> labels;
        private List<Long> supplementalGroups;
        private List<String> maskedPaths;
        private List<String> readonlyPaths;
        private String cpusetCpus;
        private String cpusetMems;
        private List<DeviceMapping> devices;

        public Builder devices(List<DeviceMapping> v) { devices = v; return this; }

        public Builder supplementalGroups(List<Long> v) { supplementalGroups = v; return this; }
        public Builder maskedPaths(List<String> v) { maskedPaths = v; return this; }
        public Builder readonlyPaths(List<String> v) { readonlyPaths = v; return this; }
        public Builder cpusetCpus(String v) { cpusetCpus = v; return this; }
        public Builder cpusetMems(String v) { cpusetMems = v; return this; }

        public Builder entrypoint(List<String> v) { entrypoint = v; return this; }
        public Builder cmd(List<String> v) { cmd = v; return this; }
        public Builder env(List<String> v) { env = v; return this; }
        public Builder workingDir(String v) { workingDir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder volumes(List<Volume> v) { volumes = v; return this; }
        public Builder tmpfs(List<Tmpfs> v) { tmpfs = v; return this; }
        public Builder readOnlyRoot(boolean v) { readOnlyRoot = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder memoryBytes(long v) { memoryBytes = v; return this; }
        public Builder nanoCpus(long v) { nanoCpus = v; return this; }
        public Builder cpuShares(long v) { cpuShares = v; return this; }
        public Builder pidsLimit(long v) { pidsLimit = v; return this; }
        public Builder ulimits(List<Ulimit> v) { ulimits = v; return this; }
        public Builder oomScoreAdj(Integer v) { oomScoreAdj = v; return this; }
        public Builder capAdd(List<String> v) { capAdd = v; return this; }
        public Builder capDrop(List<String> v) { capDrop = v; return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder seccomp(SeccompSetting v) { seccomp = v; return this; }
        public Builder noNewPrivileges(boolean v) { noNewPrivileges = v; return this; }
        public Builder network(NetworkMode v) { network = v; return this; }
        public Builder tty(boolean v) { tty = v; return this; }
        public Builder labels(Map<String, String> v) { labels = v; return this; }

        public ContainerSettings build() {
            return new ContainerSettings(entrypoint, cmd, env, workingDir, user, volumes, tmpfs, readOnlyRoot,
                    hostname, memoryBytes, nanoCpus, cpuShares, pidsLimit, ulimits, oomScoreAdj, capAdd, capDrop,
                    privileged, seccomp, noNewPrivileges, network, tty, labels, supplementalGroups, maskedPaths,
                    readonlyPaths, cpusetCpus, cpusetMems, devices);
        }
    }
}
