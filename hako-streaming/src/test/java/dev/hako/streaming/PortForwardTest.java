package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import dev.hako.streaming.SpdyTestClient.ClientStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Port forwarding to an echo server on 127.0.0.1, over SPDY stream pairs and WebSocket channel pairs. */
class PortForwardTest {
    FakeRuntime runtime;
    StreamingServer server;
    EchoServer echo;

    @BeforeEach
    void start() throws Exception {
        runtime = new FakeRuntime();
        server = StreamingServer.start(StreamingConfig.defaults(), runtime, runtime, runtime);
        echo = new EchoServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        echo.close();
    }

    static Map<String, String> stream(String type, int port, String requestId) {
        return Map.of("streamtype", type, "port", Integer.toString(port), "requestid", requestId);
    }

    @Test
    void spdyForwardsEachStreamPairAsOneConnection() throws Exception {
        String url = server.portForwardUrl(new PortForwardRequest("pod1", List.of()));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "portforward.k8s.io")) {
            assertEquals("portforward.k8s.io", c.reply().header("X-Stream-Protocol-Version"));
            ClientStream[] errors = new ClientStream[2];
            ClientStream[] data = new ClientStream[2];
            for (int i = 0; i < 2; i++) {
                errors[i] = c.openAndWait(stream("error", echo.port(), "r" + i));
                c.finish(errors[i]); // client-go writes nothing on the error stream
                data[i] = c.openAndWait(stream("data", echo.port(), "r" + i));
            }
            c.send(data[1], "second ");
            c.send(data[0], "first ");
            c.send(data[0], "connection");
            c.send(data[1], "connection");
            c.finish(data[0]);
            c.finish(data[1]);
            assertEquals("first connection", data[0].readAllText());
            assertEquals("second connection", data[1].readAllText());
            assertEquals("", errors[0].readAllText());
            assertEquals("", errors[1].readAllText());
        }
        assertEquals("pod1:" + echo.port(), runtime.forwarded.poll(10, TimeUnit.SECONDS));
        assertEquals("pod1:" + echo.port(), runtime.forwarded.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void spdyReportsAPortThatCannotBeReachedOnTheErrorStream() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = server.portForwardUrl(new PortForwardRequest("pod1", List.of()));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "portforward.k8s.io")) {
            ClientStream error = c.openAndWait(stream("error", closedPort, "1"));
            ClientStream data = c.openAndWait(stream("data", closedPort, "1"));
            JsonNode reply = Json.MAPPER.readTree(error.readAllText());
            assertTrue(reply.get("closeConnection").asBoolean());
            assertTrue(reply.get("message").asText().startsWith("error forwarding port " + closedPort + " to pod pod1"), reply.toString());
            assertEquals("", data.readAllText());
        }
    }

    @Test
    void spdyRefusesStreamsWithoutAPortOrWithAnUnknownType() throws Exception {
        String url = server.portForwardUrl(new PortForwardRequest("pod1", List.of()));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "portforward.k8s.io")) {
            ClientStream noPort = c.open(Map.of("streamtype", "data"));
            noPort.finished.get(10, TimeUnit.SECONDS);
            assertTrue(noPort.reset);
            ClientStream badType = c.open(stream("stdout", echo.port(), "1"));
            badType.finished.get(10, TimeUnit.SECONDS);
            assertTrue(badType.reset);
        }
    }

    @Test
    void spdyPortForwardNeedsItsProtocol() throws Exception {
        String url = server.portForwardUrl(new PortForwardRequest("pod1", List.of()));
        SpdyTestClient.HttpReply reply = SpdyTestClient.request(url, "POST",
                Map.of("Connection", "Upgrade", "Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", "v4.channel.k8s.io"));
        assertEquals(403, reply.status());
        assertEquals("portforward.k8s.io", reply.header("X-Accepted-Stream-Protocol-Versions"));
    }

    @Test
    void webSocketGivesEachRequestedPortADataAndAnErrorChannel() throws Exception {
        String url = server.portForwardUrl(new PortForwardRequest("pod2", List.of(echo.port())));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.channel.k8s.io")) {
            byte[] port = {(byte) echo.port(), (byte) (echo.port() >>> 8)};
            assertArrayEquals(port, ws.awaitBytes(0, 2));
            assertArrayEquals(port, ws.awaitBytes(1, 2));
            ws.send(0, "over a websocket");
            byte[] echoed = ws.awaitBytes(0, 2 + 16);
            assertEquals("over a websocket", new String(Arrays.copyOfRange(echoed, 2, echoed.length), StandardCharsets.UTF_8));
        }
        assertEquals("pod2:" + echo.port(), runtime.forwarded.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void webSocketTakesThePortsFromTheQueryWhenTheRequestHasNone() throws Exception {
        String url = server.portForwardUrl(new PortForwardRequest("pod3", List.of())) + "?port=" + echo.port();
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.base64.channel.k8s.io")) {
            ws.awaitBytes(0, 2);
            ws.send(0, "b64");
            byte[] echoed = ws.awaitBytes(0, 5);
            assertEquals("b64", new String(Arrays.copyOfRange(echoed, 2, 5), StandardCharsets.UTF_8));
        }
        assertEquals("pod3:" + echo.port(), runtime.forwarded.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void webSocketWithoutAnyPortIsRefused() {
        String url = server.portForwardUrl(new PortForwardRequest("pod4", List.of()));
        ExecutionException e = assertThrows(ExecutionException.class, () -> WebSocketTestClient.connect(url, "v4.channel.k8s.io"));
        assertEquals(400, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
    }
}
