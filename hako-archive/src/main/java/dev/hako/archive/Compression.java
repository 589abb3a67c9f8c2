package dev.hako.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a layer blob is compressed. Layers are recognised by their first bytes rather than by media
 * type, because registries and docker archives mislabel them often enough.
 */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    /** Inflating gzip is the slow part of a pull; a large input buffer keeps JNI crossings rare. */
    private static final int BUFFER = 1 << 16;
    private static final int ZSTD_LEVEL = 3;

    /** The compression whose magic number starts {@code head}; NONE when it is neither gzip nor zstd. */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * The compression of the stream {@code in}, from its first bytes. Those bytes are consumed
     * unless {@code in} supports mark and reset: meant for a stream opened just to look.
     */
    public static Compression detect(InputStream in) throws IOException {
        byte[] head = new byte[4];
        if (in.markSupported()) {
            in.mark(head.length);
        }
        int length = in.readNBytes(head, 0, head.length);
        if (in.markSupported()) {
            in.reset();
        }
        return detect(head, length);
    }

    /**
     * The uncompressed bytes of {@code in}, whatever its compression. Closing the result closes
     * {@code in}.
     */
    public static InputStream decompress(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        return detect(buffered).decompressing(buffered);
    }

    /** The uncompressed bytes of {@code in}, which is known to use this compression. */
    public InputStream decompressing(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            // The JDK reads every member of a multi-member gzip (pigz and some registries write them).
            case GZIP -> new GZIPInputStream(in, BUFFER);
            // Reads consecutive frames as one stream, as zstd(1) does.
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
        };
    }

    /**
     * A stream that compresses what is written to it into {@code out}. Closing it finishes the
     * compressed stream and closes {@code out}.
     */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, BUFFER);
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
        };
    }
}
