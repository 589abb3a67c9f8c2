package dev.hako.ttrpc;

import java.io.IOException;

/**
 * The cause of an UNAVAILABLE call that never reached the server: the socket could not be
 * connected. Every other transport failure happened during the call, after the server had it.
 */
public final class ConnectFailure extends IOException {
    public ConnectFailure(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
