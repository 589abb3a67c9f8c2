package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The Linux capabilities, by bit number (include/uapi/linux/capability.h, up to Linux 5.9). */
public enum Capability {
    CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP, LINUX_IMMUTABLE,
    NET_BIND_SERVICE, NET_BROADCAST, NET_ADMIN, NET_RAW, IPC_LOCK, IPC_OWNER, SYS_MODULE, SYS_RAWIO,
    SYS_CHROOT, SYS_PTRACE, SYS_PACCT, SYS_ADMIN, SYS_BOOT, SYS_NICE, SYS_RESOURCE, SYS_TIME,
    SYS_TTY_CONFIG, MKNOD, LEASE, AUDIT_WRITE, AUDIT_CONTROL, SETFCAP, MAC_OVERRIDE, MAC_ADMIN, SYSLOG,
    WAKE_ALARM, BLOCK_SUSPEND, AUDIT_READ, PERFMON, BPF, CHECKPOINT_RESTORE;

    /** The name in the spec and in seccomp profiles: {@code CAP_SYS_ADMIN}. */
    public String capName() {
        return "CAP_" + name();
    }

    public int bit() {
        return ordinal();
    }

    /**
     * Accepts what docker accepts: {@code sys_admin}, {@code SYS_ADMIN} or {@code CAP_SYS_ADMIN}.
     * "ALL" is not a capability; callers handle it before.
     */
    public static Capability parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) {
            n = n.substring(4);
        }
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw HakoException.invalid("unknown capability: \"%s\"", name);
        }
    }

    /** The set encoded in a mask as /proc/PID/status shows it (CapEff: 000001fffeffffff). */
    public static Set<Capability> fromMask(long mask) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (Capability c : values()) {
            if ((mask & (1L << c.bit())) != 0) {
                caps.add(c);
            }
        }
        return caps;
    }
}
