package dev.hako.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountingInputStreamTest {
    @Test
    void everyReadSkipAndSingleByteIsCountedWithItsTotal() throws IOException {
        List<long[]> heard = new ArrayList<>();
        var in = new CountingInputStream(new ByteArrayInputStream(new byte[10]), (n, total) -> heard.add(new long[] {n, total}));
        in.read();
        in.readNBytes(4);
        in.skip(3);
        in.readAllBytes();
        assertEquals(-1, in.read());
        assertEquals(10, in.total());
        assertArrayEquals(new long[] {1, 1}, heard.getFirst());
        assertEquals(10, heard.getLast()[1]);
        assertEquals(10, heard.stream().mapToLong(h -> h[0]).sum());
    }

    @Test
    void aListenerThatThrowsStopsTheRead() {
        var in = new CountingInputStream(new ByteArrayInputStream(new byte[100]), (n, total) -> {
            if (total > 50) {
                throw new IOException("past the limit at " + total);
            }
        });
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertEquals("past the limit at 100", e.getMessage());
    }
}
