package dev.hako.streaming;

import java.io.IOException;

/** Joins a running container's stdio for an attach URL; the runtime plugs it in. */
@FunctionalInterface
public interface AttachHandler {
    /**
     * Copies between {@code io} and the container's own stdio until the container exits or the client
     * goes away (stdin then ends, and writes to stdout fail). Called on its own virtual thread.
     */
    void attach(String containerId, StreamIo io) throws IOException, InterruptedException;
}
