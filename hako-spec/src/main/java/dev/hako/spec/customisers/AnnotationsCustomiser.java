package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/** The image's StopSignal under the OCI's annotation name, then the user's labels (which win). */
public final class AnnotationsCustomiser implements SpecCustomiser {
    public static final String STOP_SIGNAL = "org.opencontainers.image.stopSignal";

    @Override
    public void customise(Spec spec, SpecInput input) {
        String stop = input.image().stopSignal();
        if (stop != null && !stop.isEmpty()) {
            spec.annotations.put(STOP_SIGNAL, stop);
        }
        spec.annotations.putAll(input.settings().labels());
    }
}
