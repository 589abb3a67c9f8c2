package dev.hako.cgroups;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this process may give its containers. runc runs with hakod's credentials, and without
 * CAP_SYS_RESOURCE it can neither lower oom_score_adj below hakod's own nor raise a hard rlimit
 * above hakod's; either failure makes runc fail the whole container ("can't get final child's
 * PID from pipe"). The spec generator clamps to these values instead, as containerd's
 * {@code restrict_oom_score_adj} does, and {@code hako info} shows them.
 *
 * @param capSysResource whether CAP_SYS_RESOURCE (bit 24) is in this process's effective set
 * @param oomScoreAdj this process's oom_score_adj
 * @param rlimits this process's limits by OCI name ("RLIMIT_NOFILE"), in /proc/self/limits order
 */
public record HostResources(boolean capSysResource, int oomScoreAdj, Map<String, Rlimit> rlimits) {
    /** CAP_SYS_RESOURCE's bit number (linux/capability.h). */
    static final int CAP_SYS_RESOURCE = 24;
    public static final int OOM_SCORE_ADJ_MIN = -1000;
    public static final int OOM_SCORE_ADJ_MAX = 1000;

    /** The rows of /proc/PID/limits and their setrlimit resource names. */
    private static final Map<String, String> LIMIT_NAMES = names();

    public HostResources {
        rlimits = Collections.unmodifiableMap(new LinkedHashMap<>(rlimits));
    }

    /** This process's, from /proc/self. */
    public static HostResources read() {
        return read(Path.of("/proc/self"));
    }

    /** From a /proc/PID directory (or a fake one in tests). */
    public static HostResources read(Path procPid) {
        return parse(readFile(procPid.resolve("status")), readFile(procPid.resolve("oom_score_adj")),
                readFile(procPid.resolve("limits")));
    }

    static HostResources parse(String status, String oomScoreAdj, String limits) {
        return new HostResources(hasCapability(status, CAP_SYS_RESOURCE), parseOomScoreAdj(oomScoreAdj), parseLimits(limits));
    }

    /** Lowering oom_score_adj below the current value needs CAP_SYS_RESOURCE. */
    public boolean canLowerOomScoreAdj() {
        return capSysResource;
    }

    /** Raising a hard rlimit above the current one needs CAP_SYS_RESOURCE. */
    public boolean canRaiseHardLimits() {
        return capSysResource;
    }

    /** {@code wanted} within -1000..1000, and not below this process's own value without the capability. */
    public int clampOomScoreAdj(int wanted) {
        int v = Math.clamp(wanted, OOM_SCORE_ADJ_MIN, OOM_SCORE_ADJ_MAX);
        return capSysResource ? v : Math.max(v, oomScoreAdj);
    }

    /** {@code wanted} lowered to this process's hard limit where it cannot raise it; unknown names pass. */
    public Rlimit clampRlimit(String name, Rlimit wanted) {
        Rlimit current = rlimits.get(name);
        return capSysResource || current == null ? wanted : wanted.clampTo(current.hard());
    }

    public Optional<Rlimit> rlimit(String name) {
        return Optional.ofNullable(rlimits.get(name));
    }

    static boolean hasCapability(String status, int bit) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (mask >>> bit & 1) == 1;
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new HakoException(ErrorKind.INTERNAL, "/proc/self/status has no readable CapEff line");
    }

    static int parseOomScoreAdj(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new HakoException(ErrorKind.INTERNAL, "unexpected oom_score_adj \"" + text.strip() + "\"");
        }
    }

    /**
     * /proc/PID/limits: a header, then "NAME SOFT HARD [UNITS]" with NAME padded to 25 columns.
     * Names contain spaces, so each row is matched by its known name rather than split.
     */
    static Map<String, Rlimit> parseLimits(String text) {
        Map<String, Rlimit> limits = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            for (Map.Entry<String, String> e : LIMIT_NAMES.entrySet()) {
                if (line.startsWith(e.getKey() + " ")) {
                    String[] f = line.substring(e.getKey().length()).strip().split("\\s+");
                    if (f.length < 2) {
                        throw new HakoException(ErrorKind.INTERNAL, "unexpected line in /proc/self/limits: " + line);
                    }
                    limits.put(e.getValue(), new Rlimit(limitValue(f[0], line), limitValue(f[1], line)));
                }
            }
        }
        return limits;
    }

    private static long limitValue(String field, String line) {
        if (field.equals("unlimited")) {
            return Rlimit.INFINITY;
        }
        try {
            return Long.parseUnsignedLong(field);
        } catch (NumberFormatException e) {
            throw new HakoException(ErrorKind.INTERNAL, "unexpected line in /proc/self/limits: " + line);
        }
    }

    private static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Max cpu time", "RLIMIT_CPU");
        m.put("Max file size", "RLIMIT_FSIZE");
        m.put("Max data size", "RLIMIT_DATA");
        m.put("Max stack size", "RLIMIT_STACK");
        m.put("Max core file size", "RLIMIT_CORE");
        m.put("Max resident set", "RLIMIT_RSS");
        m.put("Max processes", "RLIMIT_NPROC");
        m.put("Max open files", "RLIMIT_NOFILE");
        m.put("Max locked memory", "RLIMIT_MEMLOCK");
        m.put("Max address space", "RLIMIT_AS");
        m.put("Max file locks", "RLIMIT_LOCKS");
        m.put("Max pending signals", "RLIMIT_SIGPENDING");
        m.put("Max msgqueue size", "RLIMIT_MSGQUEUE");
        m.put("Max nice priority", "RLIMIT_NICE");
        m.put("Max realtime priority", "RLIMIT_RTPRIO");
        m.put("Max realtime timeout", "RLIMIT_RTTIME");
        return m;
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new HakoException(ErrorKind.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
