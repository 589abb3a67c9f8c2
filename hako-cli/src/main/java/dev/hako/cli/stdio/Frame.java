package dev.hako.cli.stdio;

import com.google.protobuf.ByteString;

/** One thing the daemon said on an attach or exec stream, in the CLI's terms. */
public sealed interface Frame {
    record Stdout(ByteString data) implements Frame {}

    record Stderr(ByteString data) implements Frame {}

    /** The container or process ended with this code. */
    record Exit(int code) implements Frame {}

    /**
     * An empty message: the daemon's word that the stream is in place (attach) or that the process
     * runs (exec). `run` waits for it before starting the container, so no output is lost.
     */
    record Ready() implements Frame {}

    /** The call is over: normally (error null) or with the daemon's status. */
    record Ended(Throwable error) implements Frame {}
}
