package dev.hako.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.monitor.Stdio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StreamFramesTest {
    @Test
    void withoutATerminalEachFrameHasDockersHeader() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamFrames frames = new StreamFrames(out, false);
        frames.write(Stdio.STDOUT, "hi\n".getBytes());
        frames.write(Stdio.STDERR, new byte[300]);
        frames.write(Stdio.STDOUT, new byte[0]);
        byte[] b = out.toByteArray();
        assertEquals(8 + 3 + 8 + 300, b.length, "an empty write sends nothing");
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'}, java.util.Arrays.copyOf(b, 11));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 1, 44}, java.util.Arrays.copyOfRange(b, 11, 19));
        assertEquals(StreamFrames.MULTIPLEXED, frames.contentType());
    }

    @Test
    void withATerminalTheBytesGoRaw() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamFrames frames = new StreamFrames(out, true);
        frames.write(Stdio.STDOUT, "hi\r\n".getBytes());
        assertEquals("hi\r\n", out.toString());
        assertEquals(StreamFrames.RAW, frames.contentType());
    }
}
