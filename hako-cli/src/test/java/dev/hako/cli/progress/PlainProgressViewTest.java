package dev.hako.cli.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlainProgressViewTest {
    @Test
    void printsALineOnlyWhenALayerChangesPhase() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainProgressView view = new PlainProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        view.status("latest: Pulling from library/busybox");
        view.layer(LayerUpdate.of("aaaaaaaaaaaa", "Pulling fs layer"));
        view.layer(LayerUpdate.of("bbbbbbbbbbbb", "Already exists"));
        for (int i = 1; i <= 5; i++) {
            view.layer(new LayerUpdate("aaaaaaaaaaaa", "Downloading", i * 1000, 5000));
        }
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Extracting", 5000, 5000));
        view.layer(new LayerUpdate("aaaaaaaaaaaa", "Extracting", 5000, 5000));
        view.layer(LayerUpdate.of("aaaaaaaaaaaa", "Pull complete"));
        assertEquals("""
                latest: Pulling from library/busybox
                aaaaaaaaaaaa: Pulling fs layer
                bbbbbbbbbbbb: Already exists
                aaaaaaaaaaaa: Downloading
                aaaaaaaaaaaa: Extracting
                aaaaaaaaaaaa: Pull complete
                """, bytes.toString(StandardCharsets.UTF_8));
    }
}
