package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** URLs and tokens, and the refusals before any upgrade. */
class StreamingServerTest {
    static final Map<String, String> SPDY_V4 = Map.of("Connection", "Upgrade", "Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", "v4.channel.k8s.io");
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

    ExecRequest echo() {
        return new ExecRequest("c1", List.of("out", "x"), false, false, true, false);
    }

    @Test
    void urlsLookLikeKubelets() {
        assertTrue(server.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), server.baseUrl());
        String token = "[A-Za-z0-9_-]{22}";
        assertTrue(server.execUrl(echo()).matches(server.baseUrl() + "/exec/" + token));
        assertTrue(server.attachUrl(new AttachRequest("c1", false, false, true, false)).matches(server.baseUrl() + "/attach/" + token));
        assertTrue(server.portForwardUrl(new PortForwardRequest("p", List.of(80))).matches(server.baseUrl() + "/portforward/" + token));
    }

    @Test
    void aUrlWorksOnce() throws Exception {
        String url = server.execUrl(echo());
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            SpdyTestClient.ClientStream error = c.openAndWait(Map.of("streamtype", "error"));
            c.openAndWait(Map.of("streamtype", "stdout"));
            assertEquals(SpdyRemoteCommandTest.SUCCESS, error.readAllText());
        }
        SpdyTestClient.HttpReply again = SpdyTestClient.request(url, "POST", SPDY_V4);
        assertEquals(404, again.status());
        assertEquals("404 page not found\n", again.body());
    }

    @Test
    void unknownTokensAndPathsAre404() throws Exception {
        assertEquals(404, SpdyTestClient.request(server.baseUrl() + "/exec/nope", "GET", SPDY_V4).status());
        assertEquals(404, SpdyTestClient.request(server.baseUrl() + "/exec/", "GET", SPDY_V4).status());
        assertEquals(404, SpdyTestClient.request(server.baseUrl() + "/other/x", "GET", SPDY_V4).status());
        assertEquals(404, SpdyTestClient.request(server.baseUrl() + "/exec/a/b", "GET", SPDY_V4).status());
        assertEquals(405, SpdyTestClient.request(server.execUrl(echo()), "PUT", SPDY_V4).status());
    }

    @Test
    void aTokenIsGoodOnlyForItsKindAndIsUsedUpByTheWrongOne() throws Exception {
        String url = server.execUrl(echo());
        assertEquals(404, SpdyTestClient.request(url.replace("/exec/", "/attach/"), "POST", SPDY_V4).status());
        assertEquals(404, SpdyTestClient.request(url, "POST", SPDY_V4).status());
    }

    @Test
    void urlsExpire() throws Exception {
        try (StreamingServer quick = StreamingServer.start(StreamingConfig.defaults().withTokenTtl(Duration.ofMillis(200)), runtime, runtime, runtime)) {
            String url = quick.execUrl(echo());
            Thread.sleep(500);
            assertEquals(404, SpdyTestClient.request(url, "POST", SPDY_V4).status());
        }
    }

    @Test
    void aRequestWithoutUpgradeHeadersIsRefusedWithTheReason() throws Exception {
        SpdyTestClient.HttpReply reply = SpdyTestClient.request(server.execUrl(echo()), "GET", Map.of("X-Stream-Protocol-Version", "v4.channel.k8s.io"));
        assertEquals(400, reply.status());
        assertTrue(reply.body().startsWith("unable to upgrade: missing upgrade headers in request"), reply.body());
    }

    @Test
    void aSpdyRequestWithoutAProtocolVersionIsRefused() throws Exception {
        SpdyTestClient.HttpReply reply = SpdyTestClient.request(server.execUrl(echo()), "POST", Map.of("Connection", "Upgrade", "Upgrade", "SPDY/3.1"));
        assertEquals(400, reply.status());
        assertEquals("unable to upgrade: X-Stream-Protocol-Version is required\n", reply.body());
    }

    @Test
    void anUnknownProtocolVersionIsForbiddenAndTheAcceptedOnesListed() throws Exception {
        SpdyTestClient.HttpReply reply = SpdyTestClient.request(server.execUrl(echo()), "POST",
                Map.of("Connection", "Upgrade", "Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", "v9.channel.k8s.io"));
        assertEquals(403, reply.status());
        assertEquals(List.of("v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"),
                reply.headers().get("x-accepted-stream-protocol-versions"));
        assertTrue(reply.body().contains("unable to negotiate protocol: client supports [v9.channel.k8s.io]"), reply.body());
    }

    @Test
    void badRequestsGetNoUrl() {
        assertInvalid(() -> new ExecRequest("c1", List.of("sh"), true, false, true, true));
        assertInvalid(() -> new ExecRequest("c1", List.of(), false, false, true, false));
        assertInvalid(() -> new ExecRequest("", List.of("sh"), false, false, true, false));
        assertInvalid(() -> new ExecRequest("c1", List.of("sh"), false, false, false, false));
        assertInvalid(() -> new AttachRequest("c1", true, true, true, true));
        assertInvalid(() -> new PortForwardRequest("", List.of(80)));
        assertInvalid(() -> new PortForwardRequest("p", List.of(0)));
        assertInvalid(() -> StreamingConfig.defaults().withTokenTtl(Duration.ZERO));
    }

    private static void assertInvalid(Executable e) {
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(HakoException.class, e).kind());
    }

    @Test
    void closingTheServerStopsListening() throws Exception {
        StreamingServer s = StreamingServer.start(StreamingConfig.defaults(), runtime, runtime, runtime);
        URI base = URI.create(s.baseUrl());
        s.close();
        assertThrows(ConnectException.class, () -> new Socket(base.getHost(), base.getPort()).close());
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        int port = URI.create(server.baseUrl()).getPort();
        IOException e = assertThrows(IOException.class,
                () -> StreamingServer.start(StreamingConfig.defaults().withAddress("127.0.0.1", port), runtime, runtime, runtime));
        assertTrue(e.getMessage().startsWith("streaming server cannot listen on 127.0.0.1:" + port), e.getMessage());
    }
}
