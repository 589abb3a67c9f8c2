package dev.hako.cgroups;

/**
 * A resource limit pair as setrlimit(2) and the OCI spec hold it. Values are unsigned 64-bit
 * numbers stored in a long: {@link #INFINITY} is RLIM_INFINITY (2^64-1), which reads as -1 when
 * signed, so compare with {@link Long#compareUnsigned} and print with {@link Long#toUnsignedString}.
 *
 * @param soft the limit the kernel enforces
 * @param hard the ceiling up to which the process may raise {@code soft} without CAP_SYS_RESOURCE
 */
public record Rlimit(long soft, long hard) {
    /** RLIM_INFINITY: "unlimited" in /proc/PID/limits. */
    public static final long INFINITY = -1L;

    public Rlimit {
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw new IllegalArgumentException("soft limit " + Long.toUnsignedString(soft)
                    + " is above hard limit " + Long.toUnsignedString(hard));
        }
    }

    /** This limit lowered so that its hard limit is at most {@code ceiling}, soft following it. */
    public Rlimit clampTo(long ceiling) {
        long h = Long.compareUnsigned(hard, ceiling) > 0 ? ceiling : hard;
        long s = Long.compareUnsigned(soft, h) > 0 ? h : soft;
        return new Rlimit(s, h);
    }

    public boolean hardUnlimited() {
        return hard == INFINITY;
    }
}
