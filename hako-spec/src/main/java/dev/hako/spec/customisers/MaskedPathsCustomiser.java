package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import java.util.List;

/**
 * Hides the parts of /proc and /sys that show or change the host rather than the container (masked:
 * the runtime mounts /dev/null or an empty tmpfs over them) and makes kernel tunables read-only.
 */
public final class MaskedPathsCustomiser implements SpecCustomiser {
    public static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    public static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    @Override
    public void customise(Spec spec, SpecInput input) {
        // A pod may replace either list (the kubelet sends them; empty ones with procMount: Unmasked).
        var s = input.settings();
        spec.linux.maskedPaths.addAll(s.maskedPaths() != null ? s.maskedPaths() : MASKED);
        spec.linux.readonlyPaths.addAll(s.readonlyPaths() != null ? s.readonlyPaths() : READ_ONLY);
    }
}
