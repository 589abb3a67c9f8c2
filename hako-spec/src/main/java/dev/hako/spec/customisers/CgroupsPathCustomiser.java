package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/** Where the runtime puts the container's cgroup, as the caller (hako-cgroups) decided. */
public final class CgroupsPathCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        spec.linux.cgroupsPath = input.context().cgroupsPath();
    }
}
