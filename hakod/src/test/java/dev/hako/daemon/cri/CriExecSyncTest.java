package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ExecSync's output is kept up to the limit (the pump reads the rest, so a process never blocks on a full pipe). */
class CriExecSyncTest {
    @Test
    void outputPastTheLimitIsDropped() {
        byte[] written = new byte[100_000];
        Arrays.fill(written, (byte) 'x');
        CriExecSync.Kept kept = new CriExecSync.Kept(10_000);
        kept.write(written, 0, 6_000);
        kept.write(written, 6_000, 94_000);
        kept.write(written, 0, 10);
        assertEquals(10_000, kept.bytes().length);
    }

    @Test
    void outputWithinTheLimitIsKeptWhole() {
        byte[] written = "hello\n".getBytes();
        CriExecSync.Kept kept = new CriExecSync.Kept(10_000);
        kept.write(written, 0, written.length);
        assertArrayEquals(written, kept.bytes());
    }
}
