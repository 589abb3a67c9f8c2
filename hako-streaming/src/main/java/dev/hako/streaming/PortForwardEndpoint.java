package dev.hako.streaming;

import dev.hako.streaming.WebSocketConnection.Use;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves a port-forward URL. Over SPDY the client opens a stream pair per forwarded connection
 * ({@link SpdyPortForward}); over WebSocket there is one fixed pair of channels per requested port
 * (data 2i, error 2i+1), each starting with the port as two little-endian bytes, and the session lasts
 * as long as one connection to each port.
 */
final class PortForwardEndpoint {
    static final String WS_V4_BASE64 = "v4.base64.channel.k8s.io";
    /** kubelet's WebSocket port-forward subprotocols (besides none at all). */
    static final List<String> WEBSOCKET_PROTOCOLS = List.of(RemoteCommandProtocol.V4.id, WS_V4_BASE64);

    private PortForwardEndpoint() {}

    static void serve(ChannelHandlerContext ctx, FullHttpRequest req, PortForwardRequest request, PortForwardHandler handler,
            Duration streamCreationTimeout) {
        if (WebSocketUpgrade.isWebSocketRequest(req)) {
            serveWebSocket(ctx, req, request, handler);
        } else {
            SpdyPortForward pairs = new SpdyPortForward(handler, request.podSandboxId(), streamCreationTimeout, ctx.channel().eventLoop());
            SpdyUpgrade.upgrade(ctx, req, List.of(StreamHeaders.PORT_FORWARD_PROTOCOL), pairs);
        }
    }

    private static void serveWebSocket(ChannelHandlerContext ctx, FullHttpRequest req, PortForwardRequest request,
            PortForwardHandler handler) {
        List<Integer> ports = request.ports();
        if (ports.isEmpty()) {
            try {
                ports = queryPorts(req.uri());
            } catch (IllegalArgumentException e) {
                HttpErrors.send(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
        }
        List<Use> uses = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            uses.add(Use.READ_WRITE);
            uses.add(Use.WRITE);
        }
        WebSocketUpgrade.Upgraded up = WebSocketUpgrade.upgrade(ctx, req, WEBSOCKET_PROTOCOLS,
                protocol -> new WebSocketConnection(ctx.channel(), uses, protocol.equals(WS_V4_BASE64), false));
        if (up == null) {
            return;
        }
        List<Integer> forwarded = ports;
        WebSocketConnection c = up.connection();
        up.handshake().addListener(f -> {
            if (!f.isSuccess()) {
                c.close();
                return;
            }
            Sessions.start("port-forward-ws", () -> forwardAll(c, forwarded, handler, request.podSandboxId()));
        });
    }

    private static void forwardAll(WebSocketConnection c, List<Integer> ports, PortForwardHandler handler, String pod) {
        List<Thread> forwards = new ArrayList<>();
        try {
            for (int i = 0; i < ports.size(); i++) {
                int port = ports.get(i);
                byte[] portBytes = {(byte) port, (byte) (port >>> 8)};
                c.output(2 * i).write(portBytes);
                c.output(2 * i + 1).write(portBytes);
            }
            for (int i = 0; i < ports.size(); i++) {
                int data = 2 * i;
                int port = ports.get(i);
                forwards.add(Sessions.start("port-forward", () ->
                        PortForwarding.forward(handler, pod, port, c.input(data), c.output(data), c.output(data + 1))));
            }
            for (Thread t : forwards) {
                t.join();
            }
        } catch (IOException e) {
            // the client went away before the ports were announced
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            c.close();
        }
    }

    /** The "port" query parameters (repeated or comma-separated), as kubelet's NewV4Options reads them. */
    static List<Integer> queryPorts(String uri) {
        List<String> values = new QueryStringDecoder(uri).parameters().getOrDefault("port", List.of());
        if (values.isEmpty()) {
            throw new IllegalArgumentException("query parameter \"port\" is required");
        }
        List<Integer> ports = new ArrayList<>();
        for (String value : values) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("query parameter \"port\" cannot be empty");
            }
            for (String p : value.split(",")) {
                int port;
                try {
                    port = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unable to parse \"" + value + "\" as a port");
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port \"" + value + "\" must be in 1..65535");
                }
                ports.add(port);
            }
        }
        return ports;
    }
}
