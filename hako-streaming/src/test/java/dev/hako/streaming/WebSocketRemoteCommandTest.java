package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exec and attach over WebSocket: channels 0-4, the base64 variants, and v5's close signal. */
class WebSocketRemoteCommandTest {
    static final String SUCCESS = SpdyRemoteCommandTest.SUCCESS;
    FakeRuntime runtime;
    StreamingServer server;

    @BeforeEach
    void start() throws Exception {
        runtime = new FakeRuntime();
        server = StreamingServer.start(StreamingConfig.defaults(), runtime, runtime, runtime);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void v4ExecSendsEachStreamOnItsChannelAndTheStatusOnChannel3() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("out", "hello"), false, false, true, true));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.channel.k8s.io")) {
            assertEquals("v4.channel.k8s.io", ws.subprotocol());
            assertEquals("hello", ws.awaitClosedAndRead(1));
            assertEquals("err:hello", ws.read(2));
            assertEquals(SUCCESS, ws.read(3));
            // wsstream's "ready" signal: an empty message on the first writable channel, before anything else.
            assertArrayEquals(new byte[] {1}, ws.messages.get(0));
        }
    }

    @Test
    void v5CloseSignalEndsStdin() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("cat"), false, true, true, false));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v5.channel.k8s.io", "v4.channel.k8s.io")) {
            assertEquals("v5.channel.k8s.io", ws.subprotocol());
            ws.send(0, "abc");
            ws.send(0, "def");
            ws.sendCloseSignal(0);
            assertEquals("abcdef", ws.awaitClosedAndRead(1));
            assertEquals(SUCCESS, ws.read(3));
        }
    }

    @Test
    void aNonZeroExitCarriesItsCodeOnV5() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("exit", "42"), false, false, true, false));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v5.channel.k8s.io")) {
            JsonNode status = Json.MAPPER.readTree(ws.awaitClosedAndRead(3));
            assertEquals("NonZeroExitCode", status.get("reason").asText());
            assertEquals("42", status.at("/details/causes/0/message").asText());
        }
    }

    @Test
    void base64SubprotocolsEncodeEveryMessage() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("cat"), false, true, true, false));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.base64.channel.k8s.io")) {
            assertEquals("v4.base64.channel.k8s.io", ws.subprotocol());
            ws.send(0, "through base64");
            assertEquals("through base64", new String(ws.awaitBytes(1, 14)));
        }
        url = server.execUrl(new ExecRequest("c1", List.of("exit", "4"), false, false, true, false));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "base64.channel.k8s.io")) {
            assertEquals("command terminated with non-zero exit code: error executing command [exit 4], exit code 4",
                    ws.awaitClosedAndRead(3));
        }
    }

    @Test
    void resizesArriveOnChannel4() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("resize", "1"), true, true, true, false));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.channel.k8s.io")) {
            ws.send(4, "{\"Width\":33,\"Height\":11}");
            assertEquals("33x11\n", ws.awaitClosedAndRead(1));
            assertEquals(SUCCESS, ws.read(3));
        }
    }

    @Test
    void noSubprotocolMeansTheUnversionedBinaryProtocol() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("exit", "5"), false, false, true, false));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url)) {
            assertEquals("", ws.subprotocol());
            assertEquals("command terminated with non-zero exit code: error executing command [exit 5], exit code 5",
                    ws.awaitClosedAndRead(3));
        }
    }

    @Test
    void onlyUnsupportedSubprotocolsAreRefused() {
        String url = server.execUrl(new ExecRequest("c1", List.of("out", "x"), false, false, true, false));
        ExecutionException e = assertThrows(ExecutionException.class, () -> WebSocketTestClient.connect(url, "v9.channel.k8s.io"));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, refused.getResponse().statusCode());
    }

    @Test
    void attachOverWebSocket() throws Exception {
        String url = server.attachUrl(new AttachRequest("c3", false, true, true, false));
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v5.channel.k8s.io")) {
            ws.send(0, "x");
            ws.sendCloseSignal(0);
            assertEquals("attached to c3\nx", ws.awaitClosedAndRead(1));
            assertEquals(SUCCESS, ws.read(3));
        }
    }
}
