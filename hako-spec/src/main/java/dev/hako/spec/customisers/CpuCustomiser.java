package dev.hako.spec.customisers;

import dev.hako.errdefs.HakoException;
import dev.hako.spec.ContainerSettings;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import java.math.BigDecimal;

/** {@code --cpus} as a CFS quota per 100 ms period (docker's period), and CPU shares. */
public final class CpuCustomiser implements SpecCustomiser {
    public static final long PERIOD_MICROS = 100_000;

    @Override
    public void customise(Spec spec, SpecInput input) {
        ContainerSettings s = input.settings();
        int cpus = input.context().host().onlineCpus();
        if (s.nanoCpus() > 0) {
            if (cpus > 0 && s.nanoCpus() > cpus * 1_000_000_000L) {
                throw HakoException.invalid("invalid --cpus %s: the range is 0.01 to %d.00, as there are only %d CPUs available",
                        BigDecimal.valueOf(s.nanoCpus(), 9).stripTrailingZeros().toPlainString(), cpus, cpus);
            }
            Spec.Cpu cpu = spec.linux.resources().cpu();
            cpu.period = PERIOD_MICROS;
            cpu.quota = s.nanoCpus() * PERIOD_MICROS / 1_000_000_000L;
        }
        if (s.cpuShares() > 0) {
            spec.linux.resources().cpu().shares = s.cpuShares();
        }
        if (s.cpusetCpus() != null) {
            spec.linux.resources().cpu().cpus = s.cpusetCpus();
        }
        if (s.cpusetMems() != null) {
            spec.linux.resources().cpu().mems = s.cpusetMems();
        }
    }
}
