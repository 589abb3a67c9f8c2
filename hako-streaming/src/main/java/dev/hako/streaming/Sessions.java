package dev.hako.streaming;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Sessions run on virtual threads: handlers block on process I/O, never on the event loop. */
final class Sessions {
    private static final Logger LOG = System.getLogger("hako.streaming");

    private Sessions() {}

    static Thread start(String name, Runnable body) {
        return Thread.ofVirtual().name("hako-streaming-" + name).start(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "streaming session " + name + " failed", e);
            }
        });
    }
}
