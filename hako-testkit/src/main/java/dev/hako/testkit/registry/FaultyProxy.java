package dev.hako.testkit.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on 127.0.0.1 in front of a registry that can be told to misbehave: answer a status
 * (500, say) for requests whose path matches a pattern, flip one byte in the bodies of matching
 * responses, stall them, pause them, or trickle them. Everything else passes through unchanged,
 * so hako meets the real registry otherwise.
 */
public final class FaultyProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect", "date", "http2-settings");

    private enum Fault { STATUS, CORRUPT, STALL, PAUSE, TRICKLE }

    private record Rule(Pattern path, Fault fault, int status, long bytes) {}

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.Semaphore stalled = new java.util.concurrent.Semaphore(0);
    private volatile java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.Semaphore paused = new java.util.concurrent.Semaphore(0);
    private final java.util.concurrent.Semaphore trickling = new java.util.concurrent.Semaphore(0);
    private final java.util.concurrent.atomic.AtomicInteger brokenOff = new java.util.concurrent.atomic.AtomicInteger();

    /** A proxy for {@code upstream} (e.g. {@link LocalRegistry#url()}). */
    public static FaultyProxy start(URI upstream) {
        return new FaultyProxy(upstream);
    }

    private FaultyProxy(URI upstream) {
        this.upstream = URI.create(upstream.toString().replaceAll("/+$", ""));
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy", e);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        Cleanup.register(this);
    }

    /** {@code 127.0.0.1:PORT}, usable as a registry host in references. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://" + host());
    }

    /** Answer {@code status} (with a distribution error body) to requests whose path contains a match of {@code pathRegex}. */
    public void failWith(int status, String pathRegex) {
        rules.add(new Rule(Pattern.compile(pathRegex), Fault.STATUS, status, -1));
    }

    /** Flip one byte in the middle of the response bodies of requests whose path contains a match of {@code pathRegex}. */
    public void corruptBodies(String pathRegex) {
        rules.add(new Rule(Pattern.compile(pathRegex), Fault.CORRUPT, 0, -1));
    }

    /**
     * Send the headers of matching responses, then their bodies one byte a second: a registry that
     * never quite stops and never gets anywhere.
     */
    public void trickleBodies(String pathRegex) {
        rules.add(new Rule(Pattern.compile(pathRegex), Fault.TRICKLE, 0, -1));
    }

    /** Waits until a response has begun to trickle; false on timeout. */
    public boolean awaitTrickle(long timeout, TimeUnit unit) throws InterruptedException {
        return trickling.tryAcquire(timeout, unit);
    }

    /**
     * Send the first {@code bytes} of matching response bodies, then wait for {@link #resumePauses()}
     * and send the rest: a download that hangs in the middle for as long as a test needs.
     */
    public void pauseBodiesAfter(String pathRegex, long bytes) {
        rules.add(new Rule(Pattern.compile(pathRegex), Fault.PAUSE, 0, bytes));
    }

    /** Waits until a response has paused; false on timeout. */
    public boolean awaitPause(long timeout, TimeUnit unit) throws InterruptedException {
        return paused.tryAcquire(timeout, unit);
    }

    /** Lets the paused responses send the rest of their bodies; later ones pause again. */
    public void resumePauses() {
        java.util.concurrent.CountDownLatch gate = resume;
        resume = new java.util.concurrent.CountDownLatch(1);
        gate.countDown();
    }

    /** How many response bodies the client broke off (closed its end while they were sent). */
    public int brokenOff() {
        return brokenOff.get();
    }

    /**
     * Send only the first {@code bytes} of matching response bodies, then hold the connection open
     * until {@link #releaseStalls()} or {@link #close()}: a download caught in the middle.
     */
    public void stallBodiesAfter(String pathRegex, long bytes) {
        rules.add(new Rule(Pattern.compile(pathRegex), Fault.STALL, 0, bytes));
    }

    /** Waits until a response has stalled; false on timeout. */
    public boolean awaitStall(long timeout, TimeUnit unit) throws InterruptedException {
        return stalled.tryAcquire(timeout, unit);
    }

    /** Lets stalled responses end (they end cut short: the client sees a truncated body). */
    public void releaseStalls() {
        release.countDown();
    }

    /** Back to passing everything through; pauses and trickles seen so far are forgotten. */
    public void reset() {
        rules.clear();
        paused.drainPermits();
        trickling.drainPermits();
    }

    /** The requests seen so far, as {@code "GET /v2/app/manifests/1"}, oldest first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        release.countDown();
        resume.countDown();
        Cleanup.unregister(this);
        server.stop(0);
        executor.shutdownNow();
        http.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(method + " " + path);
            Rule rule = rules.stream().filter(r -> r.path().matcher(path).find()).findFirst().orElse(null);
            if (rule != null && rule.fault() == Fault.STATUS) {
                byte[] body = ("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"failure injected by FaultyProxy\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(rule.status(), method.equals("HEAD") ? -1 : body.length);
                if (!method.equals("HEAD")) {
                    exchange.getResponseBody().write(body);
                }
                return;
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(forward(exchange), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            reply(exchange, response, rule);
        }
    }

    private HttpRequest forward(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        String target = upstream + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).version(HttpClient.Version.HTTP_1_1);
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean chunked = "chunked".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
        HttpRequest.BodyPublisher body;
        if (length != null && Long.parseLong(length) > 0) {
            body = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody), Long.parseLong(length));
        } else if (chunked) {
            body = HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        return b.method(exchange.getRequestMethod(), body).build();
    }

    private void reply(HttpExchange exchange, HttpResponse<InputStream> response, Rule rule) throws IOException {
        boolean corrupt = rule != null && rule.fault() == Fault.CORRUPT;
        response.headers().map().forEach((name, values) -> {
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith(":")) {
                return;
            }
            for (String v : values) {
                // The registry writes absolute URLs of itself (upload locations): point them at the proxy.
                String value = name.equalsIgnoreCase("Location") && v.startsWith(upstream.toString())
                        ? url() + v.substring(upstream.toString().length()) : v;
                exchange.getResponseHeaders().add(name, value);
            }
        });
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body()) {
            if (exchange.getRequestMethod().equals("HEAD")) {
                if (length >= 0) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                }
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            if (corrupt) {
                byte[] body = in.readAllBytes();
                if (body.length > 0) {
                    body[body.length / 2] ^= 0x01;
                }
                exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : length < 0 ? 0 : length);
            try (OutputStream out = exchange.getResponseBody()) {
                Fault fault = rule == null || response.statusCode() != 200 ? null : rule.fault();
                if (fault == Fault.STALL) {
                    out.write(in.readNBytes((int) rule.bytes()));
                    out.flush();
                    stalled.release();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return; // the body ends short of its Content-Length
                }
                try {
                    if (fault == Fault.PAUSE) {
                        out.write(in.readNBytes((int) rule.bytes()));
                        out.flush();
                        java.util.concurrent.CountDownLatch gate = resume;
                        paused.release();
                        gate.await();
                    } else if (fault == Fault.TRICKLE) {
                        trickling.release();
                        int b;
                        while ((b = in.read()) >= 0) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(1000);
                        }
                    }
                    in.transferTo(out);
                } catch (IOException e) {
                    brokenOff.incrementAndGet();
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // closing
                }
            }
        }
    }
}
