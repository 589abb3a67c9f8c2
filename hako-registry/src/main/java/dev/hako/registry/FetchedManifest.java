package dev.hako.registry;

import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import java.util.Arrays;

/**
 * A manifest or index as the registry sent it. The bytes are the truth: {@code digest} was checked
 * against them (or computed from them), so they must be stored as they are, never re-serialised.
 */
public record FetchedManifest(String mediaType, Digest digest, byte[] bytes) {
    public FetchedManifest {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public long size() {
        return bytes.length;
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FetchedManifest m && mediaType.equals(m.mediaType) && digest.equals(m.digest)
                && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "FetchedManifest[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
    }
}
