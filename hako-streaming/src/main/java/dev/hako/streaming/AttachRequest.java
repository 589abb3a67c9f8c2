package dev.hako.streaming;

/** A CRI AttachRequest: join a running container's own stdio with the chosen streams. */
public record AttachRequest(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
    public AttachRequest {
        StreamFlags.check(containerId, tty, stdin, stdout, stderr);
    }
}
