package dev.hako.images;

import dev.hako.content.ContentStore;
import dev.hako.content.ContentWriter;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ImageRecord;
import dev.hako.metadata.ImageRecords;
import dev.hako.oci.Descriptor;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Index;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Platform;
import dev.hako.oci.PlatformMatcher;
import dev.hako.oci.Reference;
import dev.hako.registry.FetchedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Pulls an image: manifest (and index), config, then every layer through the {@link Unpacker}.
 * Everything it stores is held in its lease before it looks whether it is there; the thread it
 * runs on is the one a cancel interrupts, and the cancel closes its open downloads.
 */
final class Puller {
    private final RegistryReader registry;
    private final ContentStore content;
    private final ImageRecords records;
    private final LocalImages images;
    private final Unpacker unpacker;
    private final Platform defaultPlatform;

    Puller(RegistryReader registry, ContentStore content, ImageRecords records, LocalImages images, Unpacker unpacker,
           Platform defaultPlatform) {
        this.defaultPlatform = defaultPlatform;
        this.registry = registry;
        this.content = content;
        this.records = records;
        this.images = images;
        this.unpacker = unpacker;
    }

    PullResult pull(Reference ref, Platform platform, Progress progress, Leases.Lease lease, Cancellation cancel)
            throws IOException {
        cancel.check();
        progress.status((ref.digest() != null ? ref.digest().toString() : ref.tag()) + ": Pulling from " + repoName(ref));
        FetchedManifest top = registry.fetchManifest(ref);
        cancel.check();
        Descriptor target = new Descriptor(top.mediaType(), top.digest(), top.bytes().length);
        store(target, top.bytes(), lease);
        Descriptor manifestDescriptor = target;
        byte[] manifestBytes = top.bytes();
        if (MediaTypes.isIndex(top.mediaType())) {
            Index index = Index.parse(top.bytes(), "index of " + ref);
            PlatformMatcher matcher = new PlatformMatcher(platform);
            manifestDescriptor = matcher.select(index).orElseThrow(() -> HakoException.notFound(
                    "no matching manifest for %s in the manifest list entries of %s", matcher.wanted(), ref));
            FetchedManifest child = registry.fetchManifest(ref, manifestDescriptor);
            cancel.check();
            manifestBytes = child.bytes();
            store(manifestDescriptor, manifestBytes, lease);
        } else if (!MediaTypes.isManifest(top.mediaType())) {
            throw HakoException.invalid("%s: unsupported manifest media type %s", ref, top.mediaType());
        }
        Manifest manifest = Manifest.parse(manifestBytes, "manifest of " + ref);
        Descriptor configDescriptor = manifest.config();
        if (configDescriptor.size() > LocalImages.MAX_CONFIG_BYTES) {
            throw HakoException.invalid("%s: image config of %d bytes is larger than allowed", ref, configDescriptor.size());
        }
        lease.blob(configDescriptor.digest());
        if (content.info(configDescriptor.digest()).isEmpty()) {
            try (InputStream in = registry.openBlob(ref, configDescriptor);
                 Cancellation.Registration closeOnCancel = cancel.onCancel(in);
                 ContentWriter w = content.writer(configDescriptor)) {
                in.transferTo(w);
                cancel.check();
                w.commit();
            }
        }
        ImageConfig config = ImageConfig.parse(content.read(configDescriptor.digest(), LocalImages.MAX_CONFIG_BYTES),
                "config of " + ref);

        String name = LocalImages.recordName(ref);
        Optional<ImageRecord> before = records.get(name);
        cancel.check();
        unpacker.unpack(manifest.layers(), config.diffIds(), new RegistrySource(registry, ref), progress, lease, cancel);
        cancel.check();
        Instant now = Instant.now();
        String pulledFor = platform.equals(defaultPlatform) ? null : platform.toString();
        records.put(new ImageRecord(name, target.mediaType(), target.digest().toString(), target.size(), pulledFor,
                before.map(ImageRecord::createdAt).orElse(now), now));
        boolean upToDate = before.isPresent() && before.get().targetDigest().equals(target.digest().toString());
        return new PullResult(name, target.digest(), manifest.config().digest(), upToDate);
    }

    private void store(Descriptor d, byte[] bytes, Leases.Lease lease) throws IOException {
        lease.blob(d.digest());
        if (content.info(d.digest()).isPresent()) {
            return;
        }
        try (ContentWriter w = content.writer(d)) {
            w.write(bytes);
            w.commit();
        }
    }

    /** docker shows the repository path without the registry: "Pulling from library/busybox". */
    private static String repoName(Reference ref) {
        return ref.path();
    }

    /**
     * Layers from the registry the image was pulled from, and only from it: the {@code urls} a
     * layer's descriptor may name (foreign layers) are never fetched, as their host is the image
     * author's choice and containerd once sent it the registry's credentials (CVE-2020-15157).
     */
    private record RegistrySource(RegistryReader registry, Reference ref) implements BlobSource {
        @Override
        public InputStream open(Descriptor blob) throws IOException {
            try {
                return registry.openBlob(ref, blob);
            } catch (HakoException e) {
                if (e.kind() != ErrorKind.NOT_FOUND || blob.urls().isEmpty()) {
                    throw e;
                }
                throw new HakoException(ErrorKind.NOT_FOUND, e.getMessage() + " (the manifest names other URLs for this layer;"
                        + " hako fetches layers from the registry only)", e);
            }
        }

        @Override
        public boolean remote() {
            return true;
        }
    }
}
