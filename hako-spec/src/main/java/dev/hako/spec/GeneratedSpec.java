package dev.hako.spec;

import java.util.List;

/** A container's spec, and what the user should be told about it (limits that were lowered...). */
public record GeneratedSpec(Spec spec, List<String> warnings) {
    public GeneratedSpec {
        warnings = List.copyOf(warnings);
    }

    /** config.json's bytes. */
    public byte[] json() {
        return spec.toJson();
    }
}
