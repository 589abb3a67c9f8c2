package dev.hako.streaming;

import dev.hako.streaming.WebSocketConnection.Use;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens the streams of an exec or attach URL over whichever transport the client asked for, then runs
 * the session on a virtual thread.
 */
final class RemoteCommandEndpoint {
    private static final Logger LOG = System.getLogger("hako.streaming");

    // WebSocket channel numbers, the file descriptors for the first three.
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;

    static final String WS_V4_BASE64 = "v4.base64.channel.k8s.io";
    static final String WS_BASE64 = "base64.channel.k8s.io";
    /** The WebSocket subprotocols, newest first; v1-v3 exist only as SPDY names. */
    static final List<String> WEBSOCKET_PROTOCOLS = List.of(
            RemoteCommandProtocol.V5.id, RemoteCommandProtocol.V4.id, WS_V4_BASE64, RemoteCommandProtocol.V1.id, WS_BASE64);

    /** Which streams the request asked for. */
    record Options(boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        static Options of(ExecRequest r) {
            return new Options(r.tty(), r.stdin(), r.stdout(), r.stderr());
        }

        static Options of(AttachRequest r) {
            return new Options(r.tty(), r.stdin(), r.stdout(), r.stderr());
        }
    }

    private RemoteCommandEndpoint() {}

    static void serve(ChannelHandlerContext ctx, FullHttpRequest req, Options options, Duration streamCreationTimeout,
            String name, Consumer<CommandStreams> session) {
        if (WebSocketUpgrade.isWebSocketRequest(req)) {
            serveWebSocket(ctx, req, options, name, session);
        } else {
            serveSpdy(ctx, req, options, streamCreationTimeout, name, session);
        }
    }

    private static void serveSpdy(ChannelHandlerContext ctx, FullHttpRequest req, Options o, Duration timeout,
            String name, Consumer<CommandStreams> session) {
        SpdyCommandStreams collector = new SpdyCommandStreams();
        SpdyUpgrade.Upgraded up = SpdyUpgrade.upgrade(ctx, req, RemoteCommandProtocol.SPDY_NAMES, collector);
        if (up == null) {
            return;
        }
        RemoteCommandProtocol protocol = RemoteCommandProtocol.of(up.protocol()).orElseThrow();
        Sessions.start(name, () -> {
            CommandStreams streams;
            try {
                streams = collector.await(protocol, o.tty(), o.stdin(), o.stdout(), o.stderr(), timeout, up.connection());
            } catch (IOException e) {
                LOG.log(Level.INFO, "{0} over SPDY from {1}: {2}", name, up.connection().channel().remoteAddress(), e.getMessage());
                up.connection().close();
                return;
            }
            session.accept(streams);
        });
    }

    private static void serveWebSocket(ChannelHandlerContext ctx, FullHttpRequest req, Options o, String name,
            Consumer<CommandStreams> session) {
        List<Use> uses = List.of(
                o.stdin() ? Use.READ : Use.IGNORE,
                o.stdout() ? Use.WRITE : Use.IGNORE,
                o.stderr() ? Use.WRITE : Use.IGNORE,
                Use.WRITE,
                Use.READ);
        WebSocketUpgrade.Upgraded up = WebSocketUpgrade.upgrade(ctx, req, WEBSOCKET_PROTOCOLS, protocol -> new WebSocketConnection(
                ctx.channel(), uses, protocol.equals(WS_V4_BASE64) || protocol.equals(WS_BASE64), protocol.equals(RemoteCommandProtocol.V5.id)));
        if (up == null) {
            return;
        }
        boolean jsonStatus = up.protocol().equals(RemoteCommandProtocol.V5.id)
                || up.protocol().equals(RemoteCommandProtocol.V4.id) || up.protocol().equals(WS_V4_BASE64);
        WebSocketConnection c = up.connection();
        up.handshake().addListener(f -> {
            if (!f.isSuccess()) {
                c.close();
                return;
            }
            Sessions.start(name, () -> {
                try {
                    // wsstream tells the client the session is ready with an empty message on the first writable channel.
                    c.output(o.stdout() ? STDOUT : o.stderr() ? STDERR : ERROR).writeEmpty();
                } catch (IOException e) {
                    c.close();
                    return;
                }
                session.accept(new CommandStreams(
                        c.input(STDIN),
                        c.output(STDOUT),
                        c.output(STDERR),
                        c.output(ERROR),
                        c.input(RESIZE),
                        jsonStatus,
                        c,
                        CommandStreams.closeOf(ctx.channel())));
            });
        });
    }
}
