package dev.hako.spec.customisers;

import dev.hako.spec.HostLimits;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import dev.hako.spec.Ulimit;
import java.util.ArrayList;
import java.util.List;

/**
 * rlimits: containerd's RLIMIT_NOFILE 1024:1024, replaced or completed by {@code --ulimit}. A hard limit
 * above hakod's own is lowered to it when the host cannot raise hard limits (no CAP_SYS_RESOURCE):
 * runc would fail the container otherwise. The user hears of it only for limits they asked for.
 */
public final class RlimitsCustomiser implements SpecCustomiser {
    public static final Ulimit DEFAULT_NOFILE = new Ulimit("RLIMIT_NOFILE", 1024, 1024);

    @Override
    public void customise(Spec spec, SpecInput input) {
        List<Ulimit> limits = new ArrayList<>();
        if (input.settings().ulimits().stream().noneMatch(u -> u.type().equals(DEFAULT_NOFILE.type()))) {
            limits.add(DEFAULT_NOFILE);
        }
        limits.addAll(input.settings().ulimits());
        HostLimits host = input.context().host();
        spec.process.rlimits.clear();
        for (Ulimit u : limits) {
            long hard = u.hard();
            long soft = u.soft();
            Long hostHard = host.hardRlimits().get(u.type());
            if (!host.canRaiseRlimits() && hostHard != null && Long.compareUnsigned(hard, hostHard) > 0) {
                hard = hostHard;
                if (Long.compareUnsigned(soft, hard) > 0) {
                    soft = hard;
                }
                if (input.settings().ulimits().contains(u)) {
                    input.warn("%s hard limit %s lowered to %s: this host cannot raise hard limits (hakod lacks CAP_SYS_RESOURCE)",
                            u.type(), text(u.hard()), text(hard));
                }
            }
            spec.process.rlimits.add(new Spec.Rlimit(u.type(), soft, hard));
        }
    }

    private static String text(long v) {
        return v == Ulimit.UNLIMITED ? "unlimited" : Long.toUnsignedString(v);
    }
}
