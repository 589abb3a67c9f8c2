package dev.hako.spec.customisers;

import dev.hako.spec.CapabilitySets;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import java.util.List;

/**
 * {@code --privileged} lifts what the others set up, as docker does: every capability hakod holds
 * (--cap-add/--cap-drop no longer matter), no seccomp filter, nothing masked or read-only in /proc,
 * /sys and the cgroup tree writable, and every device (the host's nodes in /dev). It runs last so that
 * it sees, and undoes, the others' work.
 */
public final class PrivilegedCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        if (!input.settings().privileged()) {
            return;
        }
        CapabilitySets.apply(spec.process, CapabilitySets.all(input.context().host()));
        spec.linux.seccomp = null;
        spec.linux.maskedPaths.clear();
        spec.linux.readonlyPaths.clear();
        for (Spec.Mount m : spec.mounts) {
            if (m.type.equals("sysfs") || m.type.equals("cgroup")) {
                m.options.replaceAll(o -> o.equals("ro") ? "rw" : o);
            }
        }
        List<Spec.DeviceRule> rules = spec.linux.resources().devices;
        rules.clear();
        rules.add(new Spec.DeviceRule(true, null, null, null, "rwm"));
        spec.linux.devices.clear();
        spec.linux.devices.addAll(input.context().hostDevices());
    }
}
