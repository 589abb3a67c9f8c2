package dev.hako.streaming;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The client's side of an exec or attach session, as the handler sees it.
 *
 * @param stdin what the client types or pipes in; {@code null} when the request did not ask for stdin.
 *     It ends when the client closes stdin (a SPDY FIN or the v5 WebSocket close signal) or goes away
 * @param stdout the client's stdout; {@code null} when not requested
 * @param stderr the client's stderr; {@code null} when not requested (always with a tty)
 * @param tty whether the process should get a terminal
 * @param resizes terminal sizes sent by the client; older sizes may be dropped when the handler lags,
 *     the newest is kept
 * @param clientGone completes when the client's connection closes, for whatever reason: an exec's
 *     process must not outlive it
 */
public record StreamIo(InputStream stdin, OutputStream stdout, OutputStream stderr, boolean tty, TerminalSizeQueue resizes,
        CompletionStage<Void> clientGone) {
    public StreamIo {
        Objects.requireNonNull(resizes, "resizes");
        Objects.requireNonNull(clientGone, "clientGone");
    }
}
