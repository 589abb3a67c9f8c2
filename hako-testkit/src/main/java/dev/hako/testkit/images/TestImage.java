package dev.hako.testkit.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.Json;
import dev.hako.oci.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * An image made in a test: layers, a config whose diff_ids match them, and a manifest. Everything
 * a registry needs is in {@link #blobs()} and {@link #manifest()}.
 */
public record TestImage(Blob manifest, Blob config, List<Blob> layers, List<Digest> diffIds, Platform platform) {

    public List<Blob> blobs() {
        List<Blob> all = new ArrayList<>(layers);
        all.add(config);
        return all;
    }

    public Descriptor manifestDescriptor() {
        return manifest.descriptor().withPlatform(platform);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a test image; defaults: OCI format, gzip layers, linux/amd64, no command. */
    public static final class Builder {
        private final List<byte[]> tars = new ArrayList<>();
        private final List<LayerCompression> compressions = new ArrayList<>();
        private ImageFormat format = ImageFormat.OCI;
        private LayerCompression compression = LayerCompression.GZIP;
        private Platform platform = new Platform("linux", "amd64", null);
        private List<String> cmd = List.of();
        private List<String> env = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        private List<Digest> diffIdOverride;

        public Builder format(ImageFormat f) {
            this.format = f;
            return this;
        }

        /** The compression of layers added after this call. */
        public Builder compression(LayerCompression c) {
            this.compression = c;
            return this;
        }

        public Builder platform(Platform p) {
            this.platform = p;
            return this;
        }

        public Builder cmd(String... c) {
            this.cmd = List.of(c);
            return this;
        }

        public Builder layer(byte[] tar) {
            tars.add(tar);
            compressions.add(compression);
            return this;
        }

        public Builder layer(LayerBuilder layer) {
            return layer(layer.build());
        }

        /** Lies about the diff_ids, to test that hako checks them. */
        public Builder diffIds(List<Digest> ids) {
            this.diffIdOverride = ids;
            return this;
        }

        public TestImage build() {
            List<Blob> layers = new ArrayList<>();
            List<Digest> diffIds = new ArrayList<>();
            for (int i = 0; i < tars.size(); i++) {
                LayerCompression c = compressions.get(i);
                layers.add(new Blob(c.mediaType(format), c.compress(tars.get(i))));
                diffIds.add(Digest.sha256(tars.get(i)));
            }
            List<Digest> configDiffIds = diffIdOverride != null ? diffIdOverride : diffIds;
            ObjectNode config = Json.MAPPER.createObjectNode();
            config.put("created", LayerBuilder.DEFAULT_TIME.toString());
            config.put("architecture", platform.architecture());
            config.put("os", platform.os());
            if (platform.variant() != null) {
                config.put("variant", platform.variant());
            }
            ObjectNode c = config.putObject("config");
            ArrayNode envNode = c.putArray("Env");
            env.forEach(envNode::add);
            if (!cmd.isEmpty()) {
                ArrayNode cmdNode = c.putArray("Cmd");
                cmd.forEach(cmdNode::add);
            }
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            ArrayNode ids = rootfs.putArray("diff_ids");
            configDiffIds.forEach(d -> ids.add(d.toString()));
            Blob configBlob = new Blob(format.configType, Json.write(config));

            ObjectNode manifest = Json.MAPPER.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", format.manifestType);
            manifest.set("config", descriptor(configBlob));
            ArrayNode layerNodes = manifest.putArray("layers");
            layers.forEach(l -> layerNodes.add(descriptor(l)));
            return new TestImage(new Blob(format.manifestType, Json.write(manifest)), configBlob, layers, diffIds, platform);
        }

        private static ObjectNode descriptor(Blob b) {
            ObjectNode d = Json.MAPPER.createObjectNode();
            d.put("mediaType", b.mediaType());
            d.put("digest", b.digest().toString());
            d.put("size", b.bytes().length);
            return d;
        }
    }

    /** An index (OCI) or manifest list (Docker) of several platform images. */
    public static Blob index(ImageFormat format, List<TestImage> images) {
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", format.indexType);
        ArrayNode manifests = index.putArray("manifests");
        for (TestImage image : images) {
            ObjectNode d = manifests.addObject();
            d.put("mediaType", image.manifest().mediaType());
            d.put("digest", image.manifest().digest().toString());
            d.put("size", image.manifest().bytes().length);
            ObjectNode p = d.putObject("platform");
            p.put("architecture", image.platform().architecture());
            p.put("os", image.platform().os());
            if (image.platform().variant() != null) {
                p.put("variant", image.platform().variant());
            }
        }
        return new Blob(format.indexType, Json.write(index));
    }
}
