package dev.hako.images;

import dev.hako.content.ContentStore;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ImageRecord;
import dev.hako.metadata.ImageRecords;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Index;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Platform;
import dev.hako.oci.PlatformMatcher;
import dev.hako.oci.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads stored images: names to targets to the platform manifest and its config. */
public final class LocalImages {
    static final long MAX_MANIFEST_BYTES = 4 << 20;
    static final long MAX_CONFIG_BYTES = 8 << 20;
    private static final Pattern ID_PREFIX = Pattern.compile("(sha256:)?[a-f0-9]{1,64}");

    private final ContentStore content;
    private final ImageRecords records;
    private final Platform platform;
    // Parsed manifests and configs by digest: content never changes under a digest.
    private final Map<Digest, Object> parsed = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, Object> eldest) {
            return size() > 512;
        }
    });

    public LocalImages(ContentStore content, ImageRecords records, Platform platform) {
        this.content = content;
        this.records = records;
        this.platform = platform;
    }

    public List<ImageRecord> records() {
        return records.list();
    }

    /** The image a record names; NOT_FOUND when its content is incomplete. */
    public Image load(ImageRecord r) throws IOException {
        Descriptor target = new Descriptor(r.targetMediaType(), Digest.parse(r.targetDigest()), r.targetSize());
        Descriptor manifestDescriptor = target;
        if (MediaTypes.isIndex(target.mediaType())) {
            Index index = index(target);
            Platform wanted = r.platform() == null ? platform : Platform.parse(r.platform());
            manifestDescriptor = choose(index, wanted)
                    .orElseThrow(() -> HakoException.notFound("image %s: no manifest for %s is stored", r.name(), wanted));
        } else if (!MediaTypes.isManifest(target.mediaType())) {
            throw HakoException.invalid("image %s: unsupported media type %s", r.name(), target.mediaType());
        }
        Manifest manifest = manifest(manifestDescriptor);
        byte[] configBytes = content.read(manifest.config().digest(), MAX_CONFIG_BYTES);
        ImageConfig config = (ImageConfig) parsed.computeIfAbsent(manifest.config().digest(),
                d -> ImageConfig.parse(configBytes, "config " + d));
        return new Image(r.name(), target, manifestDescriptor, manifest, config, configBytes, r.createdAt());
    }

    /** Every image that loads; names whose content is broken are left out. */
    public List<Image> list() throws IOException {
        List<Image> out = new ArrayList<>();
        for (ImageRecord r : records.list()) {
            try {
                out.add(load(r));
            } catch (HakoException e) {
                // an incomplete image is never listed
            }
        }
        return out;
    }

    /**
     * Finds an image as docker does: by name (tag or digest), else by an image ID prefix.
     * The result lists every name of the image when it was found by ID.
     */
    public Resolved resolve(String text) throws IOException {
        Optional<Reference> ref = parseOrEmpty(text);
        if (ref.isPresent()) {
            Optional<ImageRecord> byName = records.get(recordName(ref.get()));
            if (byName.isPresent()) {
                return new Resolved(load(byName.get()), List.of(byName.get()), false);
            }
            if (ref.get().digest() != null) {
                for (ImageRecord r : records.list()) {
                    Reference named = Reference.parseExact(r.name());
                    if (r.targetDigest().equals(ref.get().digest().toString()) && named.name().equals(ref.get().name())) {
                        return new Resolved(load(r), List.of(r), false);
                    }
                }
            }
        }
        if (ID_PREFIX.matcher(text).matches()) {
            String prefix = text.startsWith("sha256:") ? text : "sha256:" + text;
            Map<Digest, List<ImageRecord>> byId = new LinkedHashMap<>();
            Map<Digest, Image> images = new LinkedHashMap<>();
            for (ImageRecord r : records.list()) {
                Image image;
                try {
                    image = load(r);
                } catch (HakoException e) {
                    continue;
                }
                if (image.id().toString().startsWith(prefix)) {
                    byId.computeIfAbsent(image.id(), k -> new ArrayList<>()).add(r);
                    images.putIfAbsent(image.id(), image);
                }
            }
            if (byId.size() > 1) {
                throw HakoException.invalid("image ID prefix %s is ambiguous: it matches %d images", text, byId.size());
            }
            if (byId.size() == 1) {
                Digest id = byId.keySet().iterator().next();
                return new Resolved(images.get(id), byId.get(id), true);
            }
        }
        throw HakoException.notFound("No such image: %s", text);
    }

    /** Every record whose image has this ID. */
    public List<ImageRecord> recordsWithId(Digest id) throws IOException {
        List<ImageRecord> out = new ArrayList<>();
        for (ImageRecord r : records.list()) {
            try {
                if (load(r).id().equals(id)) {
                    out.add(r);
                }
            } catch (HakoException e) {
                // broken names do not count
            }
        }
        out.sort(Comparator.comparing(ImageRecord::name));
        return out;
    }

    /** The name a reference is stored under: {@code repo:tag}, or {@code repo@digest} for digest references. */
    public static String recordName(Reference ref) {
        return ref.digest() != null ? ref.name() + "@" + ref.digest() : ref.toString();
    }

    public Index index(Descriptor d) throws IOException {
        Object cached = parsed.get(d.digest());
        if (cached instanceof Index i) {
            return i;
        }
        Index i = Index.parse(content.read(d.digest(), MAX_MANIFEST_BYTES), "index " + d.digest());
        parsed.put(d.digest(), i);
        return i;
    }

    public Manifest manifest(Descriptor d) throws IOException {
        Object cached = parsed.get(d.digest());
        if (cached instanceof Manifest m) {
            return m;
        }
        Manifest m = Manifest.parse(content.read(d.digest(), MAX_MANIFEST_BYTES), "manifest " + d.digest());
        parsed.put(d.digest(), m);
        return m;
    }

    /** The stored child manifest that best fits this machine's platform. */
    private Optional<Descriptor> choose(Index index, Platform wanted) {
        PlatformMatcher matcher = new PlatformMatcher(wanted);
        return index.manifests().stream()
                .filter(d -> MediaTypes.isManifest(d.mediaType()))
                .filter(this::present)
                .min(Comparator.comparing(d -> matcher.rank(d.platform()).orElse(Integer.MAX_VALUE)));
    }

    private boolean present(Descriptor d) {
        try {
            return content.info(d.digest()).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Reference> parseOrEmpty(String text) {
        try {
            return Optional.of(Reference.parse(text));
        } catch (HakoException e) {
            return Optional.empty();
        }
    }

    /** An image found from what a user typed, with the names that led to it. */
    public record Resolved(Image image, List<ImageRecord> names, boolean byId) {}
}
