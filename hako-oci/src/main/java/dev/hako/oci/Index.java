package dev.hako.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hako.errdefs.HakoException;
import java.util.List;
import java.util.Map;

/** An OCI image index or a Docker manifest list. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Index(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Map<String, String> annotations) {

    public Index {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Index(String mediaType, List<Descriptor> manifests) {
        this(2, mediaType, null, manifests, null);
    }

    public static Index parse(byte[] bytes, String what) {
        Index i = Json.read(bytes, Index.class, what);
        if (i.schemaVersion() != 2) {
            throw HakoException.invalid("%s: unsupported index schemaVersion %d", what, i.schemaVersion());
        }
        return i;
    }
}
