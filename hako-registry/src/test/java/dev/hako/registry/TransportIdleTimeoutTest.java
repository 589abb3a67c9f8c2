package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Response bodies under the idle timeout, against a server on 127.0.0.1 that sends its headers and
 * then trickles, falls silent, or sends steadily but slowly.
 */
@Timeout(60)
class TransportIdleTimeoutTest {
    private static final Target BLOB = new Target(Reference.parse("127.0.0.1:1/app:1"), Target.Access.PULL, "blob");
    private static final Duration IDLE = Duration.ofMillis(800);

    private static InputStream get(Transport transport, SlowServer server) {
        Endpoint endpoint = new Endpoint(URI.create("http://127.0.0.1:" + server.port() + "/v2"),
                "127.0.0.1:" + server.port(), false, Endpoint.Tls.VERIFIED);
        HttpResponse<InputStream> r = transport.send(endpoint, BLOB, Transport.Call.of("GET", endpoint.resolve("blob"), Map.of()));
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static Transport transport() {
        return new Transport(new Authenticator(CredentialStore.none(), Clock.systemUTC()), RegistryConfig.empty().withIdleTimeout(IDLE));
    }

    @Test
    void aBodyThatTricklesIsCutOffAndItsConnectionDropped() throws Exception {
        // One byte every 100 ms: never silent for long, never any real progress.
        try (SlowServer server = new SlowServer(1, 100, 1 << 20); Transport transport = transport();
             InputStream body = get(transport, server)) {
            long start = System.nanoTime();
            HakoException e = assertThrows(HakoException.class, () -> body.transferTo(OutputStream.nullOutputStream()));
            assertEquals(ErrorKind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("registry 127.0.0.1:" + server.port()) && e.getMessage().contains("stalled"),
                    e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "cut off late");
            assertTrue(server.dropped.await(10, TimeUnit.SECONDS), "the connection was not dropped");
        }
    }

    @Test
    void aBodyThatFallsSilentIsCutOff() throws Exception {
        try (SlowServer server = new SlowServer(4096, 60_000, 1 << 20); Transport transport = transport();
             InputStream body = get(transport, server)) {
            assertEquals(4096, body.readNBytes(4096).length);
            HakoException e = assertThrows(HakoException.class, () -> body.read(new byte[10]));
            assertTrue(e.getMessage().contains("stalled"), e.getMessage());
            assertThrows(HakoException.class, body::read, "a cut-off body stays cut off");
        }
    }

    @Test
    void aSlowButSteadyBodyIsRead() throws Exception {
        // 32 KiB every 200 ms: slow, but every idle period sees progress.
        try (SlowServer server = new SlowServer(IdleTimeoutInputStream.PROGRESS_BYTES, 200, 8 * IdleTimeoutInputStream.PROGRESS_BYTES);
             Transport transport = transport(); InputStream body = get(transport, server)) {
            assertEquals(8 * IdleTimeoutInputStream.PROGRESS_BYTES, body.readAllBytes().length);
        }
    }

    @Test
    void timeTheReaderSpendsElsewhereDoesNotCount() throws Exception {
        byte[] expected = new byte[3 * 1000];
        java.util.Arrays.fill(expected, (byte) 'x');
        try (SlowServer server = new SlowServer(1000, 0, expected.length); Transport transport = transport();
             InputStream body = get(transport, server)) {
            byte[] got = new byte[expected.length];
            for (int i = 0; i < 3; i++) {
                Thread.sleep(IDLE.toMillis() + 200); // a slow disk, say, between reads
                assertEquals(1000, body.readNBytes(got, i * 1000, 1000));
            }
            assertArrayEquals(expected, got);
        }
    }

    /** Answers every request with a body of {@code total} bytes, {@code chunk} bytes every {@code everyMillis}. */
    private static final class SlowServer implements AutoCloseable {
        final CountDownLatch dropped = new CountDownLatch(1);
        private final ServerSocket socket;
        private final Thread acceptor;

        SlowServer(int chunk, long everyMillis, int total) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        readHead(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + total + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        byte[] bytes = new byte[chunk];
                        java.util.Arrays.fill(bytes, (byte) 'x');
                        try {
                            for (int sent = 0; sent < total; sent += chunk) {
                                if (sent > 0) {
                                    Thread.sleep(everyMillis);
                                }
                                out.write(bytes, 0, Math.min(chunk, total - sent));
                                out.flush();
                            }
                        } catch (IOException e) {
                            dropped.countDown(); // the client closed its end
                        }
                    } catch (IOException | InterruptedException e) {
                        // closed
                    }
                }
            });
        }

        private static void readHead(InputStream in) throws IOException {
            int tail = 0;
            int c;
            while (tail != 0x0d0a0d0a && (c = in.read()) >= 0) {
                tail = (tail << 8) | c;
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.interrupt();
            acceptor.join(5000);
        }
    }
}
