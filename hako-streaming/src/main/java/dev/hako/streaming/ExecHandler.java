package dev.hako.streaming;

import java.io.IOException;
import java.util.List;

/** Runs a command in a container for an exec URL; the runtime plugs it in. */
@FunctionalInterface
public interface ExecHandler {
    /**
     * Runs {@code cmd} in the container, copying between {@code io} and the process until it exits.
     * Called on its own virtual thread.
     *
     * @return the exit code; non-zero reaches the client as a NonZeroExitCode status, as kubelet reports it
     * @throws IOException when the command could not be run at all (the client gets an InternalError status)
     */
    int exec(String containerId, List<String> cmd, StreamIo io) throws IOException, InterruptedException;
}
