package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A stream's unread bytes pause the connection's reading, and reading them resumes it. */
class InboundPipeTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ReadThrottle throttle = new ReadThrottle(channel);

    @Test
    void readingPausesWhileTooMuchIsUnreadAndResumesOnceDrained() throws IOException {
        InboundPipe pipe = new InboundPipe(throttle);
        byte[] chunk = new byte[64 * 1024];
        int chunks = (int) (ReadThrottle.HIGH_WATER / chunk.length) + 1;
        for (int i = 0; i < chunks; i++) {
            pipe.offer(chunk);
        }
        assertFalse(channel.config().isAutoRead(), "still reading with " + pipe.available() + " bytes unread");
        byte[] buf = new byte[chunk.length];
        while (pipe.available() >= ReadThrottle.LOW_WATER) {
            assertEquals(chunk.length, pipe.read(buf));
        }
        channel.runPendingTasks(); // the resume runs on the event loop
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void discardingDropsWhatIsQueuedAndResumesReading() throws IOException {
        InboundPipe pipe = new InboundPipe(throttle);
        pipe.offer(new byte[(int) ReadThrottle.HIGH_WATER + 1]);
        assertFalse(channel.config().isAutoRead());
        pipe.discard();
        pipe.offer(new byte[] {1});
        assertEquals(-1, pipe.read());
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void finishEndsTheStreamAfterWhatIsQueued() throws IOException {
        InboundPipe pipe = new InboundPipe(throttle);
        pipe.offer(new byte[] {1, 2, 3});
        pipe.finish();
        pipe.offer(new byte[] {4});
        assertArrayEquals(new byte[] {1, 2, 3}, pipe.readAllBytes());
        assertEquals(-1, pipe.read());
    }
}
