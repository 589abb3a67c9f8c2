package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.util.ArrayList;
import java.util.List;

/** Which capabilities a process gets, as docker decides it, and how they go into the spec. */
public final class CapabilitySets {
    /** docker's default set, in docker's order. */
    public static final List<String> DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private CapabilitySets() {}

    /**
     * docker's rules for --cap-add and --cap-drop: ALL in add means every capability but the dropped
     * ones; ALL in drop means only the added ones; else the default set less the dropped, plus the
     * added. A container cannot get what hakod does not hold: a default one the host lacks is left
     * out with a warning, one the user named is refused.
     */
    public static List<String> forContainer(ContainerSettings s, HostLimits host, List<String> warnings) {
        List<String> caps = new ArrayList<>();
        if (s.capAdd().contains("ALL")) {
            for (Capability c : Capability.values()) {
                if (!s.capDrop().contains(c.capName()) && host.capabilities().contains(c)) {
                    caps.add(c.capName());
                }
            }
            return caps;
        }
        if (!s.capDrop().contains("ALL")) {
            for (String c : DEFAULT) {
                if (s.capDrop().contains(c)) {
                    continue;
                }
                if (!host.capabilities().contains(Capability.parse(c))) {
                    warnings.add(c + " is left out: hakod does not hold it on this host");
                    continue;
                }
                caps.add(c);
            }
        }
        for (String c : s.capAdd()) {
            if (!host.capabilities().contains(Capability.parse(c))) {
                throw HakoException.precondition("cannot add capability %s: hakod does not hold it on this host", c);
            }
            if (!caps.contains(c)) {
                caps.add(c);
            }
        }
        return caps;
    }

    /** Every capability the host holds: what --privileged gives. */
    public static List<String> all(HostLimits host) {
        List<String> caps = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if (host.capabilities().contains(c)) {
                caps.add(c.capName());
            }
        }
        return caps;
    }

    /**
     * Puts {@code caps} in the process. Root gets them bounding, effective and permitted; another user
     * gets them only in the bounding set, as moby does: execve gives a non-root user no capabilities,
     * and the container's first process should look the same. Never inheritable or ambient
     * (CVE-2022-24769: inheritable capabilities survived execve of unprivileged programs).
     */
    public static void apply(Spec.Process process, List<String> caps) {
        Spec.Capabilities c = new Spec.Capabilities();
        c.bounding.addAll(caps);
        if (process.user.uid == 0) {
            c.effective.addAll(caps);
            c.permitted.addAll(caps);
        }
        process.capabilities = c;
    }
}
