package dev.hako.streaming;

import dev.hako.errdefs.HakoException;
import java.util.List;

/**
 * A CRI ExecRequest: run {@code cmd} in a running container with the chosen streams attached.
 * Checked as kubelet's streaming server checks it before it hands out a URL.
 */
public record ExecRequest(String containerId, List<String> cmd, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
    public ExecRequest {
        StreamFlags.check(containerId, tty, stdin, stdout, stderr);
        if (cmd == null || cmd.isEmpty()) {
            throw HakoException.invalid("cmd must not be empty");
        }
        cmd = List.copyOf(cmd);
    }
}
