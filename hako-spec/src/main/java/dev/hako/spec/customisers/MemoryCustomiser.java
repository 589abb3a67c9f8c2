package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/**
 * {@code --memory}. Swap is left to the host: docker's default (swap = 2 × memory) needs swap
 * accounting, which cgroup v1 hosts often lack, and runc fails on a swap limit it cannot set.
 */
public final class MemoryCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        long bytes = input.settings().memoryBytes();
        if (bytes > 0) {
            spec.linux.resources().memory().limit = bytes;
        }
    }
}
