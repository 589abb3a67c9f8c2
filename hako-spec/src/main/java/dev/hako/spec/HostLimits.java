package dev.hako.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What this host lets hakod give its containers. Root is not always almighty: where hakod lacks
 * CAP_SYS_RESOURCE (these machines), a container asking for a lower oom_score_adj or a higher hard
 * rlimit than hakod's own makes runc fail the whole container ("can't get final child's PID from
 * pipe"), so the spec is clamped to these values instead, as containerd's restrict_oom_score_adj does.
 *
 * @param capabilities the capabilities hakod holds (its effective set); a container cannot get others
 * @param oomScoreAdj hakod's own oom_score_adj, which its children inherit
 * @param hardRlimits hakod's hard rlimits by spec name (RLIMIT_NOFILE); -1: unlimited; absent: unknown
 * @param onlineCpus CPUs this host has, for checking --cpus; 0: unknown
 */
public record HostLimits(Set<Capability> capabilities, int oomScoreAdj, Map<String, Long> hardRlimits, int onlineCpus) {
    /** /proc/PID/limits names, in the kernel's order, and the spec's names for them. */
    private static final Map<String, String> LIMIT_NAMES = new LinkedHashMap<>();

    static {
        String[][] names = {
            {"Max cpu time", "RLIMIT_CPU"}, {"Max file size", "RLIMIT_FSIZE"}, {"Max data size", "RLIMIT_DATA"},
            {"Max stack size", "RLIMIT_STACK"}, {"Max core file size", "RLIMIT_CORE"},
            {"Max resident set", "RLIMIT_RSS"}, {"Max processes", "RLIMIT_NPROC"},
            {"Max open files", "RLIMIT_NOFILE"}, {"Max locked memory", "RLIMIT_MEMLOCK"},
            {"Max address space", "RLIMIT_AS"}, {"Max file locks", "RLIMIT_LOCKS"},
            {"Max pending signals", "RLIMIT_SIGPENDING"}, {"Max msgqueue size", "RLIMIT_MSGQUEUE"},
            {"Max nice priority", "RLIMIT_NICE"}, {"Max realtime priority", "RLIMIT_RTPRIO"},
            {"Max realtime timeout", "RLIMIT_RTTIME"},
        };
        for (String[] n : names) {
            LIMIT_NAMES.put(n[0], n[1]);
        }
    }

    public HostLimits {
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        hardRlimits = Map.copyOf(hardRlimits);
    }

    /** A host that allows everything (all capabilities, no rlimit ceilings): for tests and privileged set-ups. */
    public static HostLimits unrestricted() {
        return new HostLimits(EnumSet.allOf(Capability.class), 0, Map.of(), 0);
    }

    /** Lowering oom_score_adj below the inherited value needs CAP_SYS_RESOURCE. */
    public boolean canLowerOomScoreAdj() {
        return capabilities.contains(Capability.SYS_RESOURCE);
    }

    /** Raising a hard rlimit needs CAP_SYS_RESOURCE too. */
    public boolean canRaiseRlimits() {
        return capabilities.contains(Capability.SYS_RESOURCE);
    }

    /** This process's limits, read from /proc/self. */
    public static HostLimits probe() {
        try {
            return new HostLimits(
                    parseEffectiveCapabilities(Files.readString(Path.of("/proc/self/status"))),
                    Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).trim()),
                    parseHardLimits(Files.readString(Path.of("/proc/self/limits"))),
                    Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            throw new UncheckedIOException("reading this process's limits from /proc/self", e);
        }
    }

    /** The CapEff line of /proc/PID/status. */
    static Set<Capability> parseEffectiveCapabilities(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                return Capability.fromMask(Long.parseUnsignedLong(line.substring(7).trim(), 16));
            }
        }
        throw new IllegalStateException("no CapEff line in /proc/self/status");
    }

    /** The hard column of /proc/PID/limits ("unlimited" is -1). */
    static Map<String, Long> parseHardLimits(String limits) {
        Map<String, Long> hard = new LinkedHashMap<>();
        for (String line : limits.split("\n")) {
            // Columns are padded with spaces; names have single spaces inside.
            String[] cols = line.trim().split("\\s{2,}");
            String name = LIMIT_NAMES.get(cols[0]);
            if (name != null && cols.length >= 3) {
                hard.put(name, cols[2].equals("unlimited") ? Ulimit.UNLIMITED : Long.parseUnsignedLong(cols[2]));
            }
        }
        return hard;
    }
}
