package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/** {@code --pids-limit}: a positive number, or -1 to say "unlimited" explicitly. */
public final class PidsCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        long limit = input.settings().pidsLimit();
        if (limit != 0) {
            spec.linux.resources().pids().limit = limit;
        }
    }
}
