package dev.hako.streaming;

import dev.hako.errdefs.HakoException;

/** The checks exec and attach requests share, worded as kubelet words them. */
final class StreamFlags {
    private StreamFlags() {}

    static void check(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        if (containerId == null || containerId.isEmpty()) {
            throw HakoException.invalid("missing required container_id");
        }
        if (tty && stderr) {
            // A terminal has one output; stderr cannot be told apart from stdout.
            throw HakoException.invalid("tty and stderr cannot both be true");
        }
        if (!stdin && !stdout && !stderr) {
            throw HakoException.invalid("one of stdin, stdout, or stderr must be set");
        }
    }
}
