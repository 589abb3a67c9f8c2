package dev.hako.spec.customisers;

import dev.hako.spec.HostLimits;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/**
 * oom_score_adj: 0 unless asked. Where the host cannot lower it (no CAP_SYS_RESOURCE), a value below
 * hakod's own is raised to hakod's, as containerd's restrict_oom_score_adj does: the kernel refuses
 * the lower value and runc then fails the whole container.
 */
public final class OomScoreCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        Integer asked = input.settings().oomScoreAdj();
        int score = asked == null ? 0 : asked;
        HostLimits host = input.context().host();
        if (!host.canLowerOomScoreAdj() && score < host.oomScoreAdj()) {
            if (asked != null) {
                input.warn("OOM score adjustment %d raised to %d: this host cannot lower it (hakod lacks CAP_SYS_RESOURCE)",
                        score, host.oomScoreAdj());
            }
            score = host.oomScoreAdj();
        }
        spec.process.oomScoreAdj = score;
    }
}
