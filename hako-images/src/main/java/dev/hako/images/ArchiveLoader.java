package dev.hako.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.archive.Compression;
import dev.hako.content.ContentStore;
import dev.hako.content.ContentWriter;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ImageRecord;
import dev.hako.metadata.ImageRecords;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Index;
import dev.hako.oci.Json;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Reference;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hako load}: reads an OCI image layout archive or a {@code docker save} archive from a
 * stream. Archives are untrusted: entry names are only looked up, never used as paths, every blob
 * is verified, and layers are unpacked with the same checks as a pull.
 */
final class ArchiveLoader {
    private static final Pattern BLOB = Pattern.compile("blobs/(sha256|sha512)/([a-f0-9]+)");
    private static final long MAX_JSON = 8 << 20;

    private final ContentStore content;
    private final ImageRecords records;
    private final LocalImages images;
    private final Unpacker unpacker;

    ArchiveLoader(ContentStore content, ImageRecords records, LocalImages images, Unpacker unpacker) {
        this.content = content;
        this.records = records;
        this.images = images;
        this.unpacker = unpacker;
    }

    /** What the archive held, by entry name; the lease holds its blobs. */
    private static final class Entries {
        final Map<String, Digest> blobs = new HashMap<>();
        final Map<String, byte[]> json = new HashMap<>();
        final Map<String, String> links = new HashMap<>();
        final Leases.Lease lease;

        Entries(Leases.Lease lease) {
            this.lease = lease;
        }

        Digest blob(String name) {
            String path = name;
            for (int hops = 0; hops < 16 && links.containsKey(path); hops++) {
                path = links.get(path);
            }
            Digest d = blobs.get(path);
            if (d == null) {
                throw HakoException.invalid("archive: %s is missing", name);
            }
            return d;
        }
    }

    /** Loads the archive, holding what it stores in {@code lease} until the names are written. */
    List<String> load(InputStream input, Progress progress, Leases.Lease lease) throws IOException {
        Entries entries = read(input, lease);
        List<Named> named;
        if (entries.json.containsKey("index.json")) {
            named = fromOciIndex(entries);
        } else if (entries.json.containsKey("manifest.json")) {
            named = fromDockerManifest(entries);
        } else {
            throw HakoException.invalid("archive: neither an OCI layout (index.json) nor a docker save archive (manifest.json)");
        }
        List<String> loaded = new ArrayList<>();
        for (Named n : named) {
            Image image = image(n.target());
            // The archive's client may go away: its upload then breaks off, which fails the load.
            unpacker.unpack(image.layers(), image.config().diffIds(), new Unpacker.ContentSource(content), progress, lease,
                    new Cancellation());
            Instant now = Instant.now();
            for (Reference ref : n.names()) {
                String name = LocalImages.recordName(ref);
                records.put(new ImageRecord(name, n.target().mediaType(), n.target().digest().toString(),
                        n.target().size(), null, now, now));
                loaded.add(ref.familiarName() + (ref.tag() != null ? ":" + ref.tag() : "@" + ref.digest()));
            }
        }
        return loaded;
    }

    private record Named(Descriptor target, List<Reference> names) {}

    private Entries read(InputStream input, Leases.Lease lease) throws IOException {
        Entries entries = new Entries(lease);
        try (InputStream in = Compression.decompress(input)) {
            TarReader tar = new TarReader(in);
            TarEntry e;
            while ((e = tar.next()) != null) {
                String name = clean(e.name());
                if (e.type() == TarEntry.Type.SYMLINK) {
                    entries.links.put(name, resolveLink(name, e.linkName()));
                    continue;
                }
                if (e.type() == TarEntry.Type.HARD_LINK) {
                    entries.links.put(name, clean(e.linkName()));
                    continue;
                }
                if (e.type() != TarEntry.Type.FILE) {
                    continue; // directories, devices, FIFOs
                }
                Matcher m = BLOB.matcher(name);
                if (m.matches()) {
                    Descriptor d = new Descriptor("application/octet-stream", new Digest(m.group(1), m.group(2)), e.size());
                    store(tar.content(), d, lease);
                    entries.blobs.put(name, d.digest());
                } else if (name.endsWith(".json") || name.equals("oci-layout") || name.equals("repositories")) {
                    if (e.size() > MAX_JSON) {
                        throw HakoException.invalid("archive: %s is %d bytes, more than allowed", name, e.size());
                    }
                    entries.json.put(name, tar.content().readAllBytes());
                } else if (name.endsWith("/layer.tar") || name.endsWith(".tar")) {
                    try (ContentWriter w = content.writer()) {
                        tar.content().transferTo(w);
                        entries.blobs.put(name, lease.commit(w));
                    }
                }
            }
        } catch (HakoException e) {
            throw e;
        } catch (IOException e) {
            throw HakoException.invalid("archive: not a valid tar archive: %s", e.getMessage());
        }
        return entries;
    }

    private void store(InputStream in, Descriptor d, Leases.Lease lease) throws IOException {
        lease.blob(d.digest());
        if (content.info(d.digest()).isPresent()) {
            return; // the tar reader skips the rest of the entry
        }
        try (ContentWriter w = content.writer(d)) {
            in.transferTo(w);
            w.commit();
        } catch (HakoException e) {
            throw HakoException.invalid("archive: blob %s: %s", d.digest(), e.getMessage());
        }
    }

    private List<Named> fromOciIndex(Entries entries) throws IOException {
        Index index = Index.parse(entries.json.get("index.json"), "archive index.json");
        Map<Digest, List<Reference>> dockerTags = dockerTagsByConfig(entries);
        List<Named> out = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            if (content.info(d.digest()).isEmpty()) {
                throw HakoException.invalid("archive: index.json names %s, which the archive does not hold", d.digest());
            }
            List<Reference> names = new ArrayList<>();
            String full = d.annotations().get(ArchiveWriter.CONTAINERD_NAME);
            String refName = d.annotations().get(ArchiveWriter.OCI_REF_NAME);
            if (full != null) {
                names.add(Reference.parse(full));
            } else if (refName != null && (refName.contains("/") || refName.contains(":"))) {
                names.add(Reference.parse(refName));
            } else {
                names.addAll(dockerTags.getOrDefault(image(d).id(), List.of()));
            }
            if (names.isEmpty()) {
                throw HakoException.invalid("archive: image %s has no name (no io.containerd.image.name annotation "
                        + "and no RepoTags); hako keeps images by name", d.digest());
            }
            out.add(new Named(d, names));
        }
        return out;
    }

    private Map<Digest, List<Reference>> dockerTagsByConfig(Entries entries) {
        Map<Digest, List<Reference>> tags = new HashMap<>();
        byte[] manifestJson = entries.json.get("manifest.json");
        if (manifestJson == null) {
            return tags;
        }
        for (JsonNode entry : readTree(manifestJson)) {
            Digest config = configDigest(entries, entry.path("Config").asText());
            for (JsonNode tag : entry.path("RepoTags")) {
                tags.computeIfAbsent(config, k -> new ArrayList<>()).add(Reference.parse(tag.asText()));
            }
        }
        return tags;
    }

    /** A docker save archive: builds a schema2 manifest for each entry of manifest.json. */
    private List<Named> fromDockerManifest(Entries entries) throws IOException {
        List<Named> out = new ArrayList<>();
        for (JsonNode entry : readTree(entries.json.get("manifest.json"))) {
            String configPath = entry.path("Config").asText();
            Digest configDigest = configDigest(entries, configPath);
            Descriptor config = new Descriptor(MediaTypes.DOCKER_CONFIG, configDigest,
                    content.info(configDigest).orElseThrow().size());
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode layer : entry.path("Layers")) {
                Digest d = entries.blob(clean(layer.asText()));
                layers.add(new Descriptor(layerMediaType(d), d, content.info(d).orElseThrow().size()));
            }
            byte[] manifest = Json.write(new Manifest(MediaTypes.DOCKER_MANIFEST, config, layers));
            Descriptor target = new Descriptor(MediaTypes.DOCKER_MANIFEST, Digest.sha256(manifest), manifest.length);
            store(new java.io.ByteArrayInputStream(manifest), target, entries.lease);
            List<Reference> names = new ArrayList<>();
            for (JsonNode tag : entry.path("RepoTags")) {
                names.add(Reference.parse(tag.asText()));
            }
            if (names.isEmpty()) {
                throw HakoException.invalid("archive: image %s has no RepoTags; hako keeps images by name", configDigest);
            }
            out.add(new Named(target, names));
        }
        return out;
    }

    private Digest configDigest(Entries entries, String path) {
        String name = clean(path);
        if (BLOB.matcher(name).matches()) {
            return entries.blob(name);
        }
        byte[] bytes = entries.json.get(name);
        if (bytes == null) {
            throw HakoException.invalid("archive: config %s is missing", path);
        }
        Descriptor d = new Descriptor(MediaTypes.DOCKER_CONFIG, Digest.sha256(bytes), bytes.length);
        try {
            store(new java.io.ByteArrayInputStream(bytes), d, entries.lease);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return d.digest();
    }

    private String layerMediaType(Digest d) throws IOException {
        try (InputStream in = content.open(d)) {
            return switch (Compression.detect(in)) {
                case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
                case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
                case NONE -> MediaTypes.DOCKER_LAYER;
            };
        }
    }

    private Image image(Descriptor target) throws IOException {
        Instant now = Instant.now();
        return images.load(new ImageRecord("archive", target.mediaType(), target.digest().toString(), target.size(), null, now, now));
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (!node.isArray()) {
                throw HakoException.invalid("archive: manifest.json is not a JSON array");
            }
            return node;
        } catch (IOException e) {
            throw HakoException.invalid("archive: manifest.json is not valid JSON");
        }
    }

    private static String clean(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return n;
    }

    private static String resolveLink(String name, String target) {
        if (target.startsWith("/")) {
            return clean(target);
        }
        int slash = name.lastIndexOf('/');
        List<String> parts = new ArrayList<>(slash < 0 ? List.of() : List.of(name.substring(0, slash).split("/")));
        for (String p : target.split("/")) {
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }
}
