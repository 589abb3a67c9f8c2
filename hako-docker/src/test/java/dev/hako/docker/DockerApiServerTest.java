package dev.hako.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener over a real unix socket, with a raw HTTP client: no daemon, no root. */
class DockerApiServerTest {
    @TempDir
    Path dir;
    private DockerApiServer server;
    private final AtomicInteger apisMade = new AtomicInteger();

    private Path start(boolean allowPeers) throws IOException {
        Router router = new Router()
                .add(HttpMethod.GET, "/_ping", (req, p, res) -> res.text(HttpResponseStatus.OK, "OK"))
                .add(HttpMethod.GET, "/version", (req, p, res) -> res.json(HttpResponseStatus.OK,
                        Map.of("ApiVersion", req.version().toString())))
                .add(HttpMethod.POST, "/wait", (req, p, res) -> {
                    try (OutputStream out = res.stream(HttpResponseStatus.OK, "application/json")) {
                        Thread.sleep(200);
                        out.write("{\"StatusCode\":0}\n".getBytes(StandardCharsets.UTF_8));
                    }
                })
                .add(HttpMethod.POST, "/attach", (req, p, res) -> {
                    try (DockerResponse.Hijacked conn = res.hijack(StreamFrames.MULTIPLEXED)) {
                        byte[] in = conn.input().readAllBytes(); // until the client closes its side
                        Thread.sleep(100);
                        conn.output().write(("got " + new String(in, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    }
                });
        Path socket = dir.resolve("docker.sock");
        server = DockerApiServer.bind(socket, (uid, gid) -> allowPeers, () -> {
            apisMade.incrementAndGet();
            return new DockerApi(router, new DockerErrors(m -> m));
        });
        return socket;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersWithDockersHeadersAndMakesTheApiAtTheFirstRequestOnly() throws IOException {
        Path socket = start(true);
        assertEquals(0, apisMade.get(), "nothing but the socket before a request");
        String ping = exchange(socket, "GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n", false);
        assertTrue(ping.startsWith("HTTP/1.1 200 OK\r\n"), ping);
        assertTrue(ping.contains("api-version: 1.50\r\n") || ping.contains("Api-Version: 1.50\r\n"), ping);
        assertTrue(ping.endsWith("\r\n\r\nOK"), ping);
        String version = exchange(socket, "GET /v1.41/version HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n", false);
        assertTrue(version.endsWith("{\"ApiVersion\":\"1.41\"}"), version);
        assertEquals(1, apisMade.get());
    }

    @Test
    void errorsAreDockersJson() throws IOException {
        Path socket = start(true);
        String tooNew = exchange(socket, "GET /v1.99/_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n", false);
        assertTrue(tooNew.startsWith("HTTP/1.1 400 Bad Request\r\n"), tooNew);
        assertTrue(tooNew.endsWith("{\"message\":\"client version 1.99 is too new. Maximum supported API version is 1.50\"}"),
                tooNew);
        String missing = exchange(socket, "GET /nope HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n", false);
        assertTrue(missing.startsWith("HTTP/1.1 404 Not Found\r\n") && missing.endsWith("{\"message\":\"page not found\"}"),
                missing);
    }

    @Test
    void keepAliveAnswersRequestsInOrderAndStreamsChunks() throws IOException {
        Path socket = start(true);
        String both = exchange(socket, "POST /wait HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n\r\n"
                + "GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n", false);
        int wait = both.indexOf("{\"StatusCode\":0}");
        int ping = both.lastIndexOf("HTTP/1.1 200 OK");
        assertTrue(wait > 0 && ping > wait, both);
        assertTrue(both.contains("transfer-encoding: chunked"), both);
    }

    /**
     * docker's client half-closes a hijacked connection as soon as its stdin is done (at once
     * without stdin); the output must still reach it.
     */
    @Test
    void aHijackedConnectionStillAnswersAfterTheClientClosedItsSide() throws IOException {
        Path socket = start(true);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            write(ch, "POST /v1.50/attach HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: 0\r\n\r\n");
            // As docker's client: stdin goes once the answer's headers are read, then its side is closed.
            StringBuilder head = new StringBuilder();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (!head.toString().endsWith("\r\n\r\n") && ch.read(one.clear()) > 0) {
                head.append((char) one.get(0));
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101 UPGRADED\r\n"), head.toString());
            assertTrue(head.toString().toLowerCase(java.util.Locale.ROOT).contains("upgrade: tcp"), head.toString());
            write(ch, "stdin bytes");
            ch.shutdownOutput();
            assertEquals("got stdin bytes", readAll(ch));
        }
    }

    @Test
    void aHijackedConnectionWithoutInputAnswersAfterAnEarlyHalfClose() throws IOException {
        Path socket = start(true);
        String answer = exchange(socket, "POST /v1.50/attach HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\n"
                + "Upgrade: tcp\r\nContent-Length: 0\r\n\r\n", true);
        assertTrue(answer.startsWith("HTTP/1.1 101 UPGRADED\r\n"), answer);
        assertTrue(answer.endsWith("\r\n\r\ngot "), answer);
    }

    @Test
    void aPeerTheCheckRefusesIsHungUpOn() throws IOException {
        Path socket = start(false);
        String answer;
        try {
            answer = exchange(socket, "GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n", false);
        } catch (IOException closed) {
            answer = ""; // closed before the request was written (broken pipe) or with it unread (a reset)
        }
        assertEquals("", answer);
        assertEquals(0, apisMade.get());
    }

    /** Sends {@code request} (then closes the sending side when asked) and reads until the server closes. */
    private static String exchange(Path socket, String request, boolean halfClose) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            write(ch, request);
            if (halfClose) {
                ch.shutdownOutput();
            }
            return readAll(ch);
        }
    }

    private static void write(SocketChannel ch, String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }

    private static String readAll(SocketChannel ch) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (ch.read(buf) > 0) {
            got.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
