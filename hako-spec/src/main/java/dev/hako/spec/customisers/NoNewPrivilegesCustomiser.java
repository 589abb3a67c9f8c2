package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/** {@code --security-opt no-new-privileges}: setuid binaries and file capabilities stop granting anything. Off by default, as docker. */
public final class NoNewPrivilegesCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        spec.process.noNewPrivileges = input.settings().noNewPrivileges();
    }
}
