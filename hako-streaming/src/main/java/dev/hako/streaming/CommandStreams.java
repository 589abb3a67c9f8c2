package dev.hako.streaming;

import io.netty.channel.Channel;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The streams of one exec or attach session, whichever transport brought them. Null members were not
 * requested (or, for resize, not offered by the protocol).
 *
 * @param jsonStatus whether the error stream takes a JSON status (v4 and later) or only failure text
 * @param connection closes the whole session once the status is written
 * @param closed completes when the connection closes, whichever side closed it
 */
record CommandStreams(InputStream stdin, OutputStream stdout, OutputStream stderr, OutputStream error,
        InputStream resize, boolean jsonStatus, Closeable connection, CompletionStage<Void> closed) {

    /** Completes when {@code channel} closes. */
    static CompletionStage<Void> closeOf(Channel channel) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        return closed;
    }
}
