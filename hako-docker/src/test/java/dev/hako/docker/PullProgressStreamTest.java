package dev.hako.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.images.Cancellation;
import dev.hako.images.Progress.LayerPhase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullProgressStreamTest {
    @Test
    void progressBecomesDockersJsonMessages() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PullProgressStream p = new PullProgressStream(() -> out, new Cancellation());
        assertFalse(p.started(), "nothing is sent before the first message: an early error is still an HTTP error");
        p.status("1: Pulling from it/busybox");
        p.layer("aaaaaaaaaaaa", LayerPhase.ALREADY_EXISTS, 0, 0);
        p.layer("bbbbbbbbbbbb", LayerPhase.DOWNLOADING, 500, 1000);
        p.layer("bbbbbbbbbbbb", LayerPhase.COMPLETE, 1000, 1000);
        p.done("sha256:abc", "busybox:latest", false);
        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of(
                "{\"status\":\"Pulling from it/busybox\",\"progressDetail\":{},\"id\":\"1\"}",
                "{\"status\":\"Already exists\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":500,\"total\":1000},"
                        + "\"progress\":\"[========================>                         ] 500B/1kB\","
                        + "\"id\":\"bbbbbbbbbbbb\"}",
                "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
                "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
                "{\"status\":\"Digest: sha256:abc\"}",
                "{\"status\":\"Status: Downloaded newer image for busybox:latest\"}"), lines);
    }

    @Test
    void anErrorAfterTheStartIsDockersErrorMessage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PullProgressStream p = new PullProgressStream(() -> out, new Cancellation());
        p.status("1: Pulling from x");
        p.failed("blob unknown");
        assertTrue(out.toString().endsWith("{\"errorDetail\":{\"message\":\"blob unknown\"},\"error\":\"blob unknown\"}\n"),
                out.toString());
    }

    @Test
    void aClientThatWentAwayCancelsThePull() {
        Cancellation cancel = new Cancellation();
        PullProgressStream p = new PullProgressStream(() -> new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("the client went away");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("the client went away");
            }
        }, cancel);
        p.status("1: Pulling from x");
        assertTrue(cancel.isCancelled());
    }

    @Test
    void sizesAreDockersDecimalUnits() {
        assertEquals("999B", PullProgressStream.ByteText.of(999));
        assertEquals("1kB", PullProgressStream.ByteText.of(1000));
        assertEquals("1.5MB", PullProgressStream.ByteText.of(1_500_000));
        assertEquals("2.202GB", PullProgressStream.ByteText.of(2_202_000_000L));
        assertEquals("1.235MB", PullProgressStream.ByteText.of(1_234_567));
    }
}
