package dev.hako.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hako.errdefs.HakoException;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a blob is, its digest and its exact size. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        String artifactType) {

    public Descriptor {
        if (digest == null) {
            throw HakoException.invalid("descriptor without digest");
        }
        if (size < 0) {
            throw HakoException.invalid("descriptor %s has negative size %d", digest, size);
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null, null);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType);
    }
}
