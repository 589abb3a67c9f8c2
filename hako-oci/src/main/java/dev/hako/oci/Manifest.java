package dev.hako.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hako.errdefs.HakoException;
import java.util.List;
import java.util.Map;

/** An OCI image manifest or a Docker schema2 manifest (the same shape). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Manifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    public Manifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Manifest(String mediaType, Descriptor config, List<Descriptor> layers) {
        this(2, mediaType, null, config, layers, null, null);
    }

    /** Parses manifest bytes, refusing what hako cannot run. */
    public static Manifest parse(byte[] bytes, String what) {
        Manifest m = Json.read(bytes, Manifest.class, what);
        if (m.schemaVersion() != 2) {
            throw HakoException.invalid("%s: unsupported manifest schemaVersion %d", what, m.schemaVersion());
        }
        if (m.config() == null) {
            throw HakoException.invalid("%s: manifest has no config", what);
        }
        return m;
    }
}
