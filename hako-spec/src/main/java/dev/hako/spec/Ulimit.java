package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.util.Locale;
import java.util.Set;

/**
 * A resource limit for the container's first process ({@code --ulimit nofile=1024:2048}). The type is
 * the spec's name ({@code RLIMIT_NOFILE}); -1 means unlimited (RLIM_INFINITY). Values compare unsigned.
 */
public record Ulimit(String type, long soft, long hard) {
    public static final long UNLIMITED = -1;
    public static final Set<String> TYPES = Set.of("RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA",
            "RLIMIT_FSIZE", "RLIMIT_LOCKS", "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_NOFILE",
            "RLIMIT_NPROC", "RLIMIT_RSS", "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK");

    public Ulimit {
        if (type == null || !TYPES.contains(type)) {
            throw HakoException.invalid("unknown rlimit type %s", type);
        }
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw HakoException.invalid("ulimit %s: soft limit %s is above the hard limit %s",
                    type, text(soft), text(hard));
        }
    }

    /** docker's form: {@code nofile=1024:2048}, {@code nofile=1024} (soft = hard), -1 or "unlimited" for no limit. */
    public static Ulimit parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw HakoException.invalid("invalid ulimit \"%s\": expected NAME=SOFT[:HARD]", spec);
        }
        String type = "RLIMIT_" + spec.substring(0, eq).toUpperCase(Locale.ROOT);
        String[] values = spec.substring(eq + 1).split(":", -1);
        if (values.length > 2 || !TYPES.contains(type)) {
            throw HakoException.invalid("invalid ulimit \"%s\"", spec);
        }
        long soft = value(values[0], spec);
        long hard = values.length == 2 ? value(values[1], spec) : soft;
        return new Ulimit(type, soft, hard);
    }

    private static long value(String v, String spec) {
        if (v.equals("unlimited") || v.equals("-1")) {
            return UNLIMITED;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw HakoException.invalid("invalid ulimit \"%s\": \"%s\" is not a number", spec, v);
        }
    }

    static String text(long v) {
        return v == UNLIMITED ? "unlimited" : Long.toUnsignedString(v);
    }
}
