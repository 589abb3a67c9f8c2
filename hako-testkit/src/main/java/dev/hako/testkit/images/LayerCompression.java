package dev.hako.testkit.images;

import com.github.luben.zstd.ZstdOutputStream;
import dev.hako.oci.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** How a test layer is compressed, and the media type each image format gives it. */
public enum LayerCompression {
    NONE, GZIP, ZSTD;

    public byte[] compress(byte[] tar) {
        if (this == NONE) {
            return tar;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = this == GZIP ? new GZIPOutputStream(out) : new ZstdOutputStream(out)) {
            c.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String mediaType(ImageFormat format) {
        if (format == ImageFormat.DOCKER) {
            return switch (this) {
                case NONE -> MediaTypes.DOCKER_LAYER;
                case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
                case ZSTD -> throw new IllegalArgumentException("Docker schema2 has no zstd layer type");
            };
        }
        return switch (this) {
            case NONE -> MediaTypes.OCI_LAYER;
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        };
    }
}
