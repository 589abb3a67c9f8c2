package dev.hako.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class HijackedInputTest {
    @Test
    void readsWhatArrivedInOrderThenTheEnd() throws IOException {
        HijackedInput in = new HijackedInput(null);
        in.offer(Unpooled.wrappedBuffer("ab".getBytes()));
        in.offer(Unpooled.wrappedBuffer("c".getBytes()));
        in.end();
        assertArrayEquals("abc".getBytes(), in.readAllBytes());
        assertEquals(-1, in.read());
    }

    @Test
    void aClientFasterThanTheReaderIsHeldBack() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel();
        HijackedInput in = new HijackedInput(channel);
        for (int i = 0; i <= HijackedInput.HIGH; i++) {
            in.offer(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
        }
        assertFalse(channel.config().isAutoRead(), "past the high mark the connection stops reading");
        byte[] one = new byte[1];
        for (int i = 0; i < HijackedInput.HIGH - HijackedInput.LOW + 1; i++) {
            assertEquals(1, in.read(one));
        }
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead(), "drained to the low mark, it reads again");
    }
}
