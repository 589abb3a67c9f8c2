package dev.hako.images;

import dev.hako.oci.ChainIds;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Manifest;
import java.time.Instant;
import java.util.List;

/**
 * A stored image as hako uses it: the name's target (manifest or index), the platform manifest
 * chosen from it, and that manifest's config.
 */
public record Image(
        String name,
        Descriptor target,
        Descriptor manifestDescriptor,
        Manifest manifest,
        ImageConfig config,
        byte[] configBytes,
        Instant createdAt) {

    /** The image ID docker shows: the config digest. */
    public Digest id() {
        return manifest.config().digest();
    }

    public List<Digest> chainIds() {
        return ChainIds.of(config.diffIds());
    }

    /** The committed snapshot that holds the whole root filesystem, or null for an image without layers. */
    public String topChainId() {
        List<Digest> chain = chainIds();
        return chain.isEmpty() ? null : chain.getLast().toString();
    }

    public List<Descriptor> layers() {
        return manifest.layers();
    }

    /**
     * The size of the image's content, as the content store holds it and a registry serves it: the
     * name's target (an index, when it points at one), the platform's manifest, the config and the
     * compressed layers. containerd's CRI reports this as an image's size, and the kubelet's image
     * garbage collection counts with it. A layer listed twice counts twice, as containerd walks it.
     */
    public long contentSize() {
        long size = target.size();
        if (!manifestDescriptor.digest().equals(target.digest())) {
            size += manifestDescriptor.size();
        }
        size += manifest.config().size();
        for (Descriptor layer : manifest.layers()) {
            size += layer.size();
        }
        return size;
    }
}
