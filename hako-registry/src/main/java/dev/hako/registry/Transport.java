package dev.hako.registry;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sends requests to registry endpoints and deals with what HTTP puts in the way: the TLS mode of
 * each endpoint (and the fall back to plain HTTP for insecure hosts), one auth challenge per request,
 * and redirects, which it follows itself so that credentials never travel to another host.
 */
final class Transport implements AutoCloseable {
    static final int ERROR_BODY_MAX = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How long to wait for a response's headers; uploads have none, as sending the body takes as long as it takes. */
    private static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(3);
    private static final int MAX_REDIRECTS = 5;
    private static final String USER_AGENT = "hako/0.1";

    /** A request to send; {@code uri} is on the endpoint's API root or is an upload location it gave. */
    record Call(String method, URI uri, Map<String, String> headers, Body body) {
        Call {
            headers = Map.copyOf(headers);
        }

        static Call of(String method, URI uri, Map<String, String> headers) {
            return new Call(method, uri, headers, null);
        }
    }

    /** A request body that can be opened again (after an auth challenge) and whose length is known. */
    record Body(IoSupplier<InputStream> content, long length, LongConsumer progress, String what) {}

    private final HttpClient verified;
    private final Object unverifiedLock = new Object();
    private volatile HttpClient unverified;
    /** Insecure hosts found to speak plain HTTP, so the TLS attempt is made once per host. */
    private final Set<String> plainHttp = ConcurrentHashMap.newKeySet();
    private final Authenticator auth;

    Transport(Authenticator auth) {
        this.auth = auth;
        this.verified = builder().build();
    }

    Authenticator auth() {
        return auth;
    }

    /**
     * Sends {@code call} with the credentials the endpoint wants, answering one 401 challenge. The
     * response's body must be read or closed by the caller.
     */
    HttpResponse<InputStream> send(Endpoint endpoint, Target target, Call call) {
        String authorization = auth.preemptive(endpoint, target.scope());
        HttpResponse<InputStream> response = exchange(endpoint, call, authorization);
        if (response.statusCode() != 401) {
            return response;
        }
        List<Challenge> challenges = Challenge.parseAll(response.headers().allValues("WWW-Authenticate"));
        byte[] refusal = readAtMost(response, ERROR_BODY_MAX);
        String next = auth.answer(endpoint, target, challenges, authorization, refusal, this::get);
        return exchange(endpoint, call, next);
    }

    /** GET {@code /v2/} with no credentials: the start of a login. */
    HttpResponse<InputStream> get(Endpoint endpoint, URI uri, String authorization) {
        return exchange(endpoint, Call.of("GET", uri, Map.of()), authorization);
    }

    /** One request, following redirects; {@code authorization} is sent only to the request's own origin. */
    private HttpResponse<InputStream> exchange(Endpoint endpoint, Call call, String authorization) {
        URI origin = plainIfFallenBack(endpoint, call.uri());
        URI uri = origin;
        for (int hop = 0; ; hop++) {
            boolean sameOrigin = sameOrigin(uri, origin);
            HttpRequest request = request(call, uri, sameOrigin ? authorization : null);
            HttpResponse<InputStream> response;
            try {
                response = client(endpoint, uri).send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (endpoint.tls() == Endpoint.Tls.UNVERIFIED_THEN_PLAIN && uri.getScheme().equals("https")
                        && uri.getRawAuthority().equals(endpoint.authority()) && causedBy(e, SSLException.class)) {
                    // An insecure host that does not speak TLS: remember, and ask again over plain HTTP.
                    plainHttp.add(endpoint.authority());
                    URI plain = withScheme(uri, "http");
                    if (sameOrigin) {
                        origin = plain;
                    }
                    uri = plain;
                    hop--;
                    continue;
                }
                throw failure(endpoint, uri, call, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HakoException(ErrorKind.UNAVAILABLE, "interrupted while talking to registry " + endpoint.authority(), e);
            }
            int status = response.statusCode();
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            var location = response.headers().firstValue("Location");
            if (!redirect || location.isEmpty() || !(call.method().equals("GET") || call.method().equals("HEAD"))) {
                return response;
            }
            close(response);
            if (hop >= MAX_REDIRECTS) {
                throw HakoException.unavailable("registry %s redirected %s more than %d times", endpoint.authority(),
                        call.uri(), MAX_REDIRECTS);
            }
            URI next;
            try {
                next = uri.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw HakoException.unavailable("registry %s redirected to an invalid URL %s", endpoint.authority(), location.get());
            }
            if (next.getScheme() == null || !(next.getScheme().equals("http") || next.getScheme().equals("https"))) {
                throw HakoException.unavailable("registry %s redirected to %s, which is not HTTP", endpoint.authority(), next);
            }
            uri = next;
        }
    }

    private HttpRequest request(Call call, URI uri, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("User-Agent", USER_AGENT);
        if (uri.getScheme().equals("http")) {
            b.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain-HTTP registries
        }
        call.headers().forEach(b::header);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        Body body = call.body();
        if (body == null) {
            b.timeout(HEADERS_TIMEOUT);
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else if (body.length() == 0) {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> open(body)), body.length()));
        }
        return b.build();
    }

    private static InputStream open(Body body) {
        try {
            return new CountingInputStream(body.content().get(), body);
        } catch (IOException e) {
            throw new ContentException(ErrorKind.INTERNAL, "cannot read " + body.what() + ": " + e.getMessage(), e);
        }
    }

    private HttpClient client(Endpoint endpoint, URI uri) {
        boolean trusted = endpoint.tls() == Endpoint.Tls.VERIFIED || !uri.getRawAuthority().equals(endpoint.authority());
        return trusted || uri.getScheme().equals("http") ? verified : unverified();
    }

    private HttpClient unverified() {
        HttpClient c = unverified;
        if (c == null) {
            synchronized (unverifiedLock) {
                c = unverified;
                if (c == null) {
                    c = builder().sslContext(trustAll()).build();
                    unverified = c;
                }
            }
        }
        return c;
    }

    private URI plainIfFallenBack(Endpoint endpoint, URI uri) {
        boolean fallenBack = endpoint.tls() == Endpoint.Tls.UNVERIFIED_THEN_PLAIN && uri.getScheme().equals("https")
                && uri.getRawAuthority().equals(endpoint.authority()) && plainHttp.contains(endpoint.authority());
        return fallenBack ? withScheme(uri, "http") : uri;
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    private static HakoException failure(Endpoint endpoint, URI uri, Call call, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ContentException c) {
                return new HakoException(c.kind, c.getMessage(), e);
            }
        }
        return new HakoException(ErrorKind.UNAVAILABLE, "cannot reach registry %s (%s %s): %s".formatted(
                endpoint.authority(), call.method(), uri, reason(e)), e);
    }

    /** A short reason for a failed exchange; the JDK's own messages are often null. */
    static String reason(IOException e) {
        if (causedBy(e, HttpConnectTimeoutException.class)) {
            return "connect timed out";
        }
        if (causedBy(e, HttpTimeoutException.class)) {
            return "timed out waiting for an answer";
        }
        if (causedBy(e, UnknownHostException.class) || causedBy(e, UnresolvedAddressException.class)) {
            return "unknown host";
        }
        if (causedBy(e, ConnectException.class)) {
            return "connection refused";
        }
        if (causedBy(e, SSLException.class)) {
            return "TLS failed: " + Objects.requireNonNullElse(e.getMessage(), "handshake failed");
        }
        if (causedBy(e, EOFException.class)) {
            return "connection closed by the registry";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getRawAuthority().equalsIgnoreCase(b.getRawAuthority());
    }

    private static URI withScheme(URI uri, String scheme) {
        return URI.create(scheme + uri.toString().substring(uri.getScheme().length()));
    }

    /** Reads at most {@code max} bytes of the body and closes it (for error messages and small JSON). */
    static byte[] readAtMost(HttpResponse<InputStream> response, int max) {
        try (InputStream in = response.body()) {
            return in.readNBytes(max);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // the connection is dropped either way
        }
    }

    /** Trust any certificate and any name: only ever used for hosts marked insecure. */
    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new X509ExtendedTrustManager[] {new TrustAll()}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up TLS for insecure registries", e);
        }
    }

    @Override
    public void close() {
        verified.close();
        HttpClient c = unverified;
        if (c != null) {
            c.close();
        }
    }

    /**
     * An X509ExtendedTrustManager (not a plain X509TrustManager, which the JDK would wrap with a host
     * name check) that accepts every server.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A failure of the content being sent (not of the registry), carried through the HTTP client. */
    private static final class ContentException extends UncheckedIOException {
        final ErrorKind kind;

        ContentException(ErrorKind kind, String message, IOException cause) {
            super(message, cause);
            this.kind = kind;
        }

        ContentException(ErrorKind kind, String message) {
            this(kind, message, new IOException(message));
        }
    }

    /** Reports progress and checks that the content is as long as its descriptor says. */
    private static final class CountingInputStream extends FilterInputStream {
        private final Body body;
        private long count;

        CountingInputStream(InputStream in, Body body) {
            super(in);
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw new ContentException(ErrorKind.INTERNAL, "cannot read " + body.what() + ": " + e.getMessage(), e);
            }
            if (n < 0) {
                if (count != body.length()) {
                    throw new ContentException(ErrorKind.INVALID_ARGUMENT, "%s has %d bytes, but its descriptor says %d"
                            .formatted(body.what(), count, body.length()));
                }
                return n;
            }
            count += n;
            if (count > body.length()) {
                throw new ContentException(ErrorKind.INVALID_ARGUMENT, "%s has more than the %d bytes its descriptor says"
                        .formatted(body.what(), body.length()));
            }
            if (body.progress() != null) {
                body.progress().accept(count);
            }
            return n;
        }
    }
}
