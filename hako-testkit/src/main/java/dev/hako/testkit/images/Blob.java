package dev.hako.testkit.images;

import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;

/** Bytes with their media type and digest, ready to push or to write into an archive. */
public record Blob(String mediaType, byte[] bytes) {
    public Digest digest() {
        return Digest.sha256(bytes);
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest(), bytes.length);
    }
}
