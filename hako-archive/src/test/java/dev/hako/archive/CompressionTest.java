package dev.hako.archive;

import dev.hako.tar.TarBuilder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Detection by magic bytes and round trips. Needs no root. */
class CompressionTest {
    private static final byte[] DATA = randomText(300_000);

    @Test
    void detectsByMagicBytes() throws IOException {
        assertEquals(Compression.GZIP, detect(compress(Compression.GZIP, DATA)));
        assertEquals(Compression.ZSTD, detect(compress(Compression.ZSTD, DATA)));
        assertEquals(Compression.NONE, detect(new TarBuilder().file("f", "x").build()));
        assertEquals(Compression.NONE, detect(new byte[] {0x1f}));
        assertEquals(Compression.NONE, detect(new byte[0]));
        InputStream marked = new ByteArrayInputStream(compress(Compression.ZSTD, DATA));
        assertEquals(Compression.ZSTD, Compression.detect(marked));
        assertEquals(0x28, marked.read(), "a stream that supports mark is left where it was");
    }

    @Test
    void roundTripsEachCompression() throws IOException {
        for (Compression compression : Compression.values()) {
            byte[] compressed = compress(compression, DATA);
            try (InputStream in = Compression.decompress(new ByteArrayInputStream(compressed))) {
                assertArrayEquals(DATA, in.readAllBytes(), compression.name());
            }
        }
    }

    @Test
    void readsEveryMemberOfAMultiMemberGzipEvenWhenTheSourceReportsNothingAvailable() throws IOException {
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        int third = DATA.length / 3;
        for (int start = 0; start < DATA.length; start += third) {
            try (GZIPOutputStream gzip = new GZIPOutputStream(members) {
                @Override
                public void close() throws IOException {
                    finish(); // end the member, keep the shared stream open
                }
            }) {
                gzip.write(DATA, start, Math.min(third, DATA.length - start));
            }
        }
        try (InputStream in = Compression.decompress(network(members.toByteArray()))) {
            assertArrayEquals(DATA, in.readAllBytes());
        }
    }

    @Test
    void readsConsecutiveZstdFrames() throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(compress(Compression.ZSTD, Arrays.copyOfRange(DATA, 0, 1000)));
        frames.writeBytes(compress(Compression.ZSTD, Arrays.copyOfRange(DATA, 1000, DATA.length)));
        try (InputStream in = Compression.decompress(network(frames.toByteArray()))) {
            assertArrayEquals(DATA, in.readAllBytes());
        }
    }

    @Test
    void decompressesWhatOtherToolsWrote() throws IOException {
        ByteArrayOutputStream zstd = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStream(zstd, 19)) {
            out.write(DATA);
        }
        try (InputStream in = Compression.decompress(new ByteArrayInputStream(zstd.toByteArray()))) {
            assertArrayEquals(DATA, in.readAllBytes());
        }
    }

    @Test
    void emptyInputIsAnEmptyUncompressedStream() throws IOException {
        try (InputStream in = Compression.decompress(new ByteArrayInputStream(new byte[0]))) {
            assertEquals(-1, in.read());
        }
    }

    static byte[] compress(Compression compression, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream compressing = compression.compress(out)) {
            compressing.write(data);
        }
        return out.toByteArray();
    }

    private static Compression detect(byte[] data) {
        return Compression.detect(data, data.length);
    }

    /** Like a socket: short reads, and available() says nothing. */
    private static InputStream network(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
    }

    private static byte[] randomText(int size) {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder(size);
        while (text.length() < size) {
            text.append("word").append(random.nextInt(1000)).append(' ');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
