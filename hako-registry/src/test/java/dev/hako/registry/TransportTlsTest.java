package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS modes of insecure hosts, against servers on 127.0.0.1. Loopback hosts are plain HTTP to
 * the endpoint planner, so these endpoints are made by hand as the planner makes them for remote hosts.
 */
class TransportTlsTest {
    private static final Target PING = new Target(Reference.parse("127.0.0.1:1/app:1"), Target.Access.PULL, "ping");

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int status(Transport transport, Endpoint endpoint) {
        HttpResponse<InputStream> r = transport.send(endpoint, PING, Transport.Call.of("GET", endpoint.resolve(""), Map.of()));
        Transport.close(r);
        return r.statusCode();
    }

    private void serve(HttpServer s) {
        server = s;
        s.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        s.start();
    }

    @Test
    void insecureHostWithoutTlsFallsBackToPlainHttpOnce() throws Exception {
        try (PlainServer plain = new PlainServer()) {
            String authority = "127.0.0.1:" + plain.port();
            Endpoint insecure = new Endpoint(URI.create("https://" + authority + "/v2"), authority, false,
                    Endpoint.Tls.UNVERIFIED_THEN_PLAIN);
            try (Transport transport = new Transport(new Authenticator(CredentialStore.none(), Clock.systemUTC()))) {
                assertEquals(200, status(transport, insecure));
                // The JDK client itself may retry a handshake that ends in EOF (it takes that for a
                // stale connection), so the first request can cost one or two handshakes.
                int handshakes = plain.handshakes.get();
                assertTrue(handshakes >= 1, "TLS was not tried first");
                assertEquals(200, status(transport, insecure));
                assertEquals(2, plain.served.get());
                assertEquals(handshakes, plain.handshakes.get(), "TLS is not tried again once plain HTTP answered");
            }
        }
    }

    @Test
    void verifiedHostWithoutTlsFails() throws Exception {
        try (PlainServer plain = new PlainServer()) {
            String authority = "127.0.0.1:" + plain.port();
            Endpoint strict = new Endpoint(URI.create("https://" + authority + "/v2"), authority, false, Endpoint.Tls.VERIFIED);
            try (Transport transport = new Transport(new Authenticator(CredentialStore.none(), Clock.systemUTC()))) {
                HakoException e = assertThrows(HakoException.class, () -> status(transport, strict));
                assertEquals(ErrorKind.UNAVAILABLE, e.kind());
                assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
                assertEquals(0, plain.served.get());
            }
        }
    }

    /**
     * A plain-HTTP server that answers a TLS handshake with 400 at once, as Go's (the registry's) and
     * most servers do; the JDK's HttpServer instead waits for a request line that never comes.
     */
    private static final class PlainServer implements AutoCloseable {
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger handshakes = new AtomicInteger();
        private final ServerSocket socket;
        private final Thread acceptor;

        PlainServer() throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        InputStream in = s.getInputStream();
                        int first = in.read();
                        if (first == 0x16) { // a TLS handshake record
                            handshakes.incrementAndGet();
                            s.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            continue;
                        }
                        int tail = first; // the last four bytes: the head ends at CR LF CR LF
                        int c;
                        while (tail != 0x0d0a0d0a && (c = in.read()) >= 0) {
                            tail = (tail << 8) | c;
                        }
                        served.incrementAndGet();
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(5000);
        }
    }

    @Test
    void selfSignedCertificateIsAcceptedOnlyForInsecureHosts() throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned("CN=some.other.name")));
        serve(https);
        String authority = "127.0.0.1:" + server.getAddress().getPort();
        try (Transport transport = new Transport(new Authenticator(CredentialStore.none(), Clock.systemUTC()))) {
            Endpoint insecure = new Endpoint(URI.create("https://" + authority + "/v2"), authority, false,
                    Endpoint.Tls.UNVERIFIED_THEN_PLAIN);
            assertEquals(200, status(transport, insecure));
            Endpoint strict = new Endpoint(URI.create("https://" + authority + "/v2"), authority, false, Endpoint.Tls.VERIFIED);
            HakoException e = assertThrows(HakoException.class, () -> status(transport, strict));
            assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
            assertEquals(1, served.get());
        }
    }

    /** A server certificate for a name that is not the host's, signed by nobody the JDK trusts. */
    private SSLContext selfSigned(String dname) throws Exception {
        Path store = dir.resolve("server.p12");
        char[] password = "changeit".toCharArray();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", dname,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit", "-noprompt")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

}
