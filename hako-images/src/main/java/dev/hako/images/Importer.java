package dev.hako.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.archive.Compression;
import dev.hako.archive.LayerApplier;
import dev.hako.archive.NonClosingOutputStream;
import dev.hako.content.ContentStore;
import dev.hako.content.ContentWriter;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ImageRecord;
import dev.hako.metadata.ImageRecords;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.Json;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Platform;
import dev.hako.oci.Reference;
import dev.hako.snapshots.LayerStack;
import dev.hako.snapshots.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * {@code hako image import}: a root filesystem tarball becomes a one-layer image. One pass over the
 * input computes the diff_id, writes the gzip layer blob and unpacks the snapshot.
 */
final class Importer {
    private final ContentStore content;
    private final Snapshotter snapshots;
    private final DiffApplier applier;
    private final ImageRecords records;
    private final Platform platform;
    private final UnpackLimits limits;

    Importer(ContentStore content, Snapshotter snapshots, DiffApplier applier, ImageRecords records,
             Platform platform, UnpackLimits limits) {
        this.content = content;
        this.snapshots = snapshots;
        this.applier = applier;
        this.records = records;
        this.platform = platform;
        this.limits = limits;
    }

    /** Imports {@code input}, holding what it stores in {@code lease} until the name is written. */
    Digest importTarball(InputStream input, Reference ref, ImageChanges changes, Leases.Lease lease) throws IOException {
        String key = Unpacker.KEY_PREFIX + UUID.randomUUID() + " import";
        Path target = LayerStack.of(snapshots.prepareUnpack(key, null)).requireWritable();
        try (ContentWriter layerWriter = content.writer()) {
            Digest diffId;
            LayerApplier.ApplyResult result;
            try (OutputStream gzip = Compression.GZIP.compress(new NonClosingOutputStream(layerWriter))) {
                DigestInputStream tar = new DigestInputStream(
                        new TeeInputStream(Compression.decompress(input), gzip), Digest.sha256());
                // The compressed size is not known beforehand: only the absolute limits apply.
                result = applier.apply(tar, target, limits.forLayer(-1));
                diffId = Digest.sha256Of(tar.getMessageDigest());
            }
            long layerSize = layerWriter.written();
            Digest layerDigest = lease.commit(layerWriter);
            applier.finish(result, target, List.of());
            lease.chain(diffId.toString());
            if (snapshots.stat(diffId.toString()).isPresent()) {
                snapshots.remove(key); // the same tree was imported before
            } else {
                snapshots.commit(diffId.toString(), key);
            }

            Instant now = Instant.now();
            String created = DateTimeFormatter.ISO_INSTANT.format(now);
            byte[] config = Json.write(config(diffId, created, changes));
            Descriptor configDescriptor = store(MediaTypes.OCI_CONFIG, config, lease);
            Manifest manifest = new Manifest(MediaTypes.OCI_MANIFEST, configDescriptor,
                    List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, layerDigest, layerSize)));
            Descriptor manifestDescriptor = store(MediaTypes.OCI_MANIFEST, Json.write(manifest), lease);
            records.put(new ImageRecord(LocalImages.recordName(ref), MediaTypes.OCI_MANIFEST,
                    manifestDescriptor.digest().toString(), manifestDescriptor.size(), null, now, now));
            return configDescriptor.digest();
        } catch (HakoException e) {
            throw new HakoException(e.kind(), "import: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "import: the input is not a valid tar archive: "
                    + e.getMessage(), e);
        } finally {
            if (snapshots.stat(key).isPresent()) {
                snapshots.remove(key);
            }
        }
    }

    private ObjectNode config(Digest diffId, String created, ImageChanges changes) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("architecture", platform.architecture());
        c.put("os", platform.os());
        if (platform.variant() != null) {
            c.put("variant", platform.variant());
        }
        c.put("created", created);
        c.set("config", changes.toConfig());
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId.toString());
        ArrayNode history = c.putArray("history");
        history.addObject().put("created", created).put("created_by", "hako image import").put("comment", "Imported");
        return c;
    }

    private Descriptor store(String mediaType, byte[] bytes, Leases.Lease lease) throws IOException {
        Descriptor d = new Descriptor(mediaType, Digest.sha256(bytes), bytes.length);
        lease.blob(d.digest());
        if (content.info(d.digest()).isEmpty()) {
            try (ContentWriter w = content.writer(d)) {
                w.write(bytes);
                w.commit();
            }
        }
        return d;
    }
}
