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
 * (500, say) for requests whose path matches a pattern, or flip one byte in the bodies of matching
 * responses. Everything else passes through unchanged, so hako meets the real registry otherwise.
 */
public final class FaultyProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect", "date", "http2-settings");

    private record Rule(Pattern path, int status, boolean corrupt, long stallAfter) {}

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.Semaphore stalled = new java.util.concurrent.Semaphore(0);

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
        rules.add(new Rule(Pattern.compile(pathRegex), status, false, -1));
    }

    /** Flip one byte in the middle of the response bodies of requests whose path contains a match of {@code pathRegex}. */
    public void corruptBodies(String pathRegex) {
        rules.add(new Rule(Pattern.compile(pathRegex), 0, true, -1));
    }

    /**
     * Send only the first {@code bytes} of matching response bodies, then hold the connection open
     * until {@link #releaseStalls()} or {@link #close()}: a download caught in the middle.
     */
    public void stallBodiesAfter(String pathRegex, long bytes) {
        rules.add(new Rule(Pattern.compile(pathRegex), 0, false, bytes));
    }

    /** Waits until a response has stalled; false on timeout. */
    public boolean awaitStall(long timeout, TimeUnit unit) throws InterruptedException {
        return stalled.tryAcquire(timeout, unit);
    }

    /** Lets stalled responses end (they end cut short: the client sees a truncated body). */
    public void releaseStalls() {
        release.countDown();
    }

    /** Back to passing everything through. */
    public void reset() {
        rules.clear();
    }

    /** The requests seen so far, as {@code "GET /v2/app/manifests/1"}, oldest first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        release.countDown();
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
            if (rule != null && !rule.corrupt() && rule.stallAfter() < 0) {
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
        boolean corrupt = rule != null && rule.corrupt();
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
                if (rule != null && rule.stallAfter() >= 0 && response.statusCode() == 200) {
                    out.write(in.readNBytes((int) rule.stallAfter()));
                    out.flush();
                    stalled.release();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return; // the body ends short of its Content-Length
                }
                in.transferTo(out);
            }
        }
    }
}
