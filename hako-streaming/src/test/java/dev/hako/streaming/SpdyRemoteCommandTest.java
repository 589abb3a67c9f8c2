package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import dev.hako.streaming.SpdyTestClient.ClientStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exec and attach over SPDY/3.1, the way client-go's remotecommand opens its streams. */
class SpdyRemoteCommandTest {
    static final String SUCCESS = "{\"metadata\":{},\"status\":\"Success\"}";
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

    static Map<String, String> type(String t) {
        return Map.of("streamtype", t);
    }

    static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void execWritesStdoutAndStderrAndReportsSuccess() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("out", "hello"), false, false, true, true));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io", "v3.channel.k8s.io")) {
            assertEquals("v4.channel.k8s.io", c.reply().header("X-Stream-Protocol-Version"));
            assertEquals("SPDY/3.1", c.reply().header("Upgrade"));
            ClientStream error = c.openAndWait(type("error"));
            ClientStream stdout = c.openAndWait(type("stdout"));
            ClientStream stderr = c.openAndWait(type("stderr"));
            assertEquals("hello", stdout.readAllText());
            assertEquals("err:hello", stderr.readAllText());
            assertEquals(SUCCESS, error.readAllText());
            c.goAway.get(10, TimeUnit.SECONDS);
            c.closed.get(10, TimeUnit.SECONDS);
        }
        assertEquals(new FakeRuntime.Seen("c1", List.of("out", "hello"), false, false, true, true), runtime.seen.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aNonZeroExitIsReportedAsNonZeroExitCodeWithTheCode() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("exit", "7"), false, false, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v5.channel.k8s.io", "v4.channel.k8s.io")) {
            assertEquals("v5.channel.k8s.io", c.reply().header("X-Stream-Protocol-Version"));
            ClientStream error = c.openAndWait(type("error"));
            ClientStream stdout = c.openAndWait(type("stdout"));
            assertEquals("", stdout.readAllText());
            JsonNode status = json(error.readAllText());
            assertEquals("Failure", status.get("status").asText());
            assertEquals("NonZeroExitCode", status.get("reason").asText());
            assertEquals("ExitCode", status.at("/details/causes/0/reason").asText());
            assertEquals("7", status.at("/details/causes/0/message").asText());
        }
    }

    @Test
    void stdinReachesTheProcessUntilTheClientFinishesIt() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("cat"), false, true, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            ClientStream error = c.openAndWait(type("error"));
            ClientStream stdin = c.openAndWait(type("stdin"));
            ClientStream stdout = c.openAndWait(type("stdout"));
            c.send(stdin, "abc");
            c.send(stdin, "def\n");
            c.finish(stdin);
            assertEquals("abcdef\n", stdout.readAllText());
            assertEquals(SUCCESS, error.readAllText());
        }
    }

    @Test
    void outputBeyondTheSpdyWindowFlowsWithoutWindowUpdates() throws Exception {
        int size = 1_000_000; // far past SPDY's 64 KiB initial window, which spdystream never replenishes
        String url = server.execUrl(new ExecRequest("c1", List.of("big", Integer.toString(size)), false, false, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            ClientStream error = c.openAndWait(type("error"));
            ClientStream stdout = c.openAndWait(type("stdout"));
            assertEquals(size, stdout.readAll().length);
            assertEquals(SUCCESS, error.readAllText());
        }
    }

    @Test
    void terminalResizesReachTheHandler() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("resize", "3"), true, true, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            ClientStream error = c.openAndWait(type("error"));
            c.openAndWait(type("stdin"));
            ClientStream stdout = c.openAndWait(type("stdout"));
            ClientStream resize = c.openAndWait(type("resize"));
            c.send(resize, "{\"Width\":100,\"Height\":40}\n");
            c.send(resize, "{\"Width\":120,\"Height\":50}");
            c.finish(resize);
            assertEquals("100x40\n120x50\nend\n", stdout.readAllText());
            assertEquals(SUCCESS, error.readAllText());
        }
        FakeRuntime.Seen seen = runtime.seen.poll(10, TimeUnit.SECONDS);
        assertTrue(seen.tty() && seen.stdin() && seen.stdout() && !seen.stderr(), seen.toString());
    }

    @Test
    void theUnversionedProtocolReportsFailuresAsText() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("exit", "2"), false, false, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "channel.k8s.io")) {
            ClientStream error = c.openAndWait(type("error"));
            c.openAndWait(type("stdout"));
            assertEquals("command terminated with non-zero exit code: error executing command [exit 2], exit code 2", error.readAllText());
        }
        url = server.execUrl(new ExecRequest("c1", List.of("exit", "0"), false, false, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v2.channel.k8s.io")) {
            ClientStream error = c.openAndWait(type("error"));
            c.openAndWait(type("stdout"));
            assertEquals("", error.readAllText()); // success says nothing before v4
        }
    }

    @Test
    void aHandlerThatCannotRunTheCommandIsAnInternalError() throws Exception {
        String url = server.execUrl(new ExecRequest("gone", List.of("fail"), false, false, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            ClientStream error = c.openAndWait(type("error"));
            c.openAndWait(type("stdout"));
            JsonNode status = json(error.readAllText());
            assertEquals("InternalError", status.get("reason").asText());
            assertEquals(500, status.get("code").asInt());
            assertEquals("Internal error occurred: error executing command in container: container gone is not running",
                    status.get("message").asText());
        }
    }

    @Test
    void attachJoinsTheContainerWithATerminal() throws Exception {
        String url = server.attachUrl(new AttachRequest("c2", true, true, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            ClientStream error = c.openAndWait(type("error"));
            ClientStream stdin = c.openAndWait(type("stdin"));
            ClientStream stdout = c.openAndWait(type("stdout"));
            c.openAndWait(type("resize"));
            c.send(stdin, "hi");
            c.finish(stdin);
            assertEquals("attached to c2\nhi", stdout.readAllText());
            assertEquals(SUCCESS, error.readAllText());
        }
    }

    @Test
    void pingsAreAnsweredAndUnknownStreamTypesIgnored() throws Exception {
        String url = server.execUrl(new ExecRequest("c1", List.of("out", "x"), false, false, true, false));
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            c.ping(1);
            assertEquals(1, c.pings.poll(10, TimeUnit.SECONDS));
            ClientStream error = c.openAndWait(type("error"));
            c.openAndWait(type("bogus"));
            ClientStream stdout = c.openAndWait(type("stdout"));
            assertEquals("x", stdout.readAllText());
            assertEquals(SUCCESS, error.readAllText());
        }
    }

    @Test
    void aClientThatOpensTooFewStreamsIsDroppedAndNothingRuns() throws Exception {
        FakeRuntime quiet = new FakeRuntime();
        StreamingConfig config = StreamingConfig.defaults().withStreamCreationTimeout(Duration.ofMillis(300));
        try (StreamingServer impatient = StreamingServer.start(config, quiet, quiet, quiet)) {
            String url = impatient.execUrl(new ExecRequest("c1", List.of("out", "x"), false, true, true, false));
            try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
                ClientStream error = c.openAndWait(type("error"));
                c.closed.get(10, TimeUnit.SECONDS);
                assertEquals("", new String(error.readAll(), StandardCharsets.UTF_8));
            }
            assertNull(quiet.seen.poll(100, TimeUnit.MILLISECONDS));
        }
    }
}
