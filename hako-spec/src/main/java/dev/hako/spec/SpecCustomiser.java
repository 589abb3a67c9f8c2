package dev.hako.spec;

import java.io.IOException;

/**
 * One concern of the spec (a security feature, a resource group, the mounts...). A customiser edits
 * only its own fields, so each is small and tested alone; {@link SpecGenerator} runs them in order.
 */
@FunctionalInterface
public interface SpecCustomiser {
    void customise(Spec spec, SpecInput input) throws IOException;
}
