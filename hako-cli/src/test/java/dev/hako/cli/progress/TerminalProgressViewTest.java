package dev.hako.cli.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TerminalProgressViewTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesDockersEscapeSequences() {
        TerminalProgressView view = new TerminalProgressView(out, 80, nanos::get, 0);
        view.status("latest: Pulling from library/busybox");
        view.layer(LayerUpdate.of("9ad63333ebc9", "Pulling fs layer"));
        view.layer(LayerUpdate.of("9ad63333ebc9", "Pull complete"));
        assertEquals("latest: Pulling from library/busybox\n"
                + "\n\u001b[1A\u001b[2K\r9ad63333ebc9: Pulling fs layer \r\u001b[1B"
                + "\u001b[1A\u001b[2K\r9ad63333ebc9: Pull complete \r\u001b[1B", written());
    }

    @Test
    void eachLayerKeepsItsLineAndTheCursorStaysBelow() {
        TerminalProgressView view = new TerminalProgressView(out, 120, nanos::get, 0);
        view.status("latest: Pulling from library/busybox");
        view.layer(LayerUpdate.of("aaaaaaaaaaaa", "Pulling fs layer"));
        view.layer(LayerUpdate.of("bbbbbbbbbbbb", "Pulling fs layer"));
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Downloading", 1_200_000, 3_400_000));
        nanos.addAndGet(2_000_000_000L);
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Downloading", 2_400_000, 3_400_000));
        view.layer(LayerUpdate.of("bbbbbbbbbbbb", "Already exists"));
        view.status("Digest: sha256:abc");

        VirtualScreen screen = new VirtualScreen();
        screen.write(written());
        assertEquals("""
                latest: Pulling from library/busybox
                aaaaaaaaaaaa: Downloading [===================================>               ]    2.4MB/3.4MB 0s
                bbbbbbbbbbbb: Already exists
                Digest: sha256:abc

                """, screen.text());
        assertEquals(4, screen.cursorRow());
    }

    @Test
    void estimatesTimeLeftFromWhenTheLayerStartedDownloading() {
        TerminalProgressView view = new TerminalProgressView(out, 120, nanos::get, 0);
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Downloading", 100_000, 1_000_000));
        nanos.addAndGet(10_000_000_000L); // 10 s for 1/5 of the layer: 40 s to go
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Downloading", 200_000, 1_000_000));
        assertEquals("""
                aaaaaaaaaaaa: Downloading [==========>                                        ]    200kB/1MB 40s

                """, VirtualScreen.replay(written()));
    }

    @Test
    void throttlesCounterRedrawsButNeverPhaseChanges() {
        TerminalProgressView view = new TerminalProgressView(out, 80, nanos::get, 100_000_000L);
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Downloading", 1, 100));
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Downloading", 2, 100)); // too soon: skipped
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Extracting", 3, 100));  // phase change: drawn
        String text = written();
        assertEquals(2, text.split("\u001b\\[2K", -1).length - 1);
        assertEquals("aaaaaaaaaaaa: Extracting       3B/100B 0s\n\n", VirtualScreen.replay(text));
    }
}
