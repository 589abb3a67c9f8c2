package dev.hako.streaming;

import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * One stream a client opened on a SPDY connection: its headers, what the client sends on it, and the
 * server's side of it. Closing the output sends FIN (a half-close); the client's FIN ends the input.
 */
final class SpdyStream {
    private final SpdyConnection connection;
    private final int id;
    private final Map<String, String> headers;
    private final InboundPipe inbound;
    private final FrameOutputStream outbound;
    private volatile boolean reset;
    private volatile boolean localFinished;
    private boolean remoteFinished; // event loop only

    SpdyStream(SpdyConnection connection, int id, Map<String, String> headers, ReadThrottle throttle) {
        this.connection = connection;
        this.id = id;
        this.headers = Map.copyOf(headers);
        this.inbound = new InboundPipe(throttle);
        this.outbound = new FrameOutputStream(this::send, true);
    }

    int id() {
        return id;
    }

    /** A header the client set on the stream; names are lower case on the wire. */
    String header(String name) {
        return headers.get(name);
    }

    InputStream input() {
        return inbound;
    }

    OutputStream output() {
        return outbound;
    }

    /** This side will not read the stream: whatever the client sends on it is dropped. */
    void ignoreInput() {
        inbound.discard();
    }

    boolean localFinished() {
        return localFinished;
    }

    private ChannelFuture send(byte[] data, boolean last) throws IOException {
        if (reset) {
            throw new IOException("stream " + id + " was reset by the client");
        }
        if (last) {
            localFinished = true;
            ChannelFuture f = connection.writeData(id, new byte[0], true);
            connection.localFinished(this);
            return f;
        }
        return connection.writeData(id, data, false);
    }

    // Called on the event loop by SpdyConnection.

    void received(byte[] data) {
        inbound.offer(data);
    }

    /** The client sent FIN; returns whether both sides are now done. */
    boolean remoteFinished() {
        remoteFinished = true;
        inbound.finish();
        return localFinished;
    }

    boolean isRemoteFinished() {
        return remoteFinished;
    }

    /** The client reset the stream, or the connection is gone: reads end, writes fail. */
    void reset() {
        reset = true;
        inbound.discard();
    }
}
