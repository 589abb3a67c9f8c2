package dev.hako.spec.customisers;

import dev.hako.spec.CapabilitySets;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/**
 * docker's default capabilities with {@code --cap-add}/{@code --cap-drop}; runs after {@link UserCustomiser}.
 * With {@code --privileged} the flags are ignored, as docker ignores them: every capability the host holds.
 */
public final class CapabilitiesCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        CapabilitySets.apply(spec.process, input.settings().privileged()
                ? CapabilitySets.all(input.context().host())
                : CapabilitySets.forContainer(input.settings(), input.context().host(), input.warnings()));
    }
}
