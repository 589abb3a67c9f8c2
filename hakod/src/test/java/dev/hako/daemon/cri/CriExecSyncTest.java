package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ExecSync's output: read to its end (a process never blocks on a full pipe), kept up to the limit. */
class CriExecSyncTest {
    @Test
    void outputPastTheLimitIsReadAndDropped() throws Exception {
        byte[] written = new byte[100_000];
        Arrays.fill(written, (byte) 'x');
        ByteArrayInputStream in = new ByteArrayInputStream(written);
        byte[] kept = CriExecSync.drain(in, 10_000).get(5, TimeUnit.SECONDS);
        assertEquals(10_000, kept.length);
        assertEquals(0, in.available(), "read to the end");
    }

    @Test
    void outputWithinTheLimitIsKeptWhole() throws Exception {
        byte[] written = "hello\n".getBytes();
        assertArrayEquals(written, CriExecSync.drain(new ByteArrayInputStream(written), 10_000).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aReadThatFailsKeepsWhatCameBefore() throws Exception {
        InputStream killed = new InputStream() {
            private int left = 3;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'a';
                }
                throw new IOException("the process was killed");
            }
        };
        assertArrayEquals("aaa".getBytes(), CriExecSync.drain(killed, 10_000).get(5, TimeUnit.SECONDS));
    }
}
