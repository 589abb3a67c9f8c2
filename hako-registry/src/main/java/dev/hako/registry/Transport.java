package dev.hako.registry;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Sends requests to registry endpoints and deals with what HTTP puts in the way: the TLS mode of
 * each endpoint (and the fall back to plain HTTP for insecure hosts), one auth challenge per request,
 * and redirects, which it follows itself so that credentials never travel to another host.
 */
final class Transport implements AutoCloseable {
    static final int ERROR_BODY_MAX = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for a response's headers; uploads have none, as sending the body takes as long as it takes. */
    private static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(3);
    private static final int MAX_REDIRECTS = 5;
    private static final String USER_AGENT = "hako/0.1";

    /** A request to send; {@code uri} is on the endpoint's API root or is an upload location it gave. */
    record Call(String method, URI uri, Map<String, String> headers, RequestBody body) {
        Call {
            headers = Map.copyOf(headers);
        }

        static Call of(String method, URI uri, Map<String, String> headers) {
            return new Call(method, uri, headers, null);
        }
    }


    // Made on first use: an HTTP client loads the JDK's TLS stack and its CA certificates, which a
    // daemon that pulls nothing for hours need not hold.
    private final ClientOnDemand verified = new ClientOnDemand(() -> builder().build());
    // A shorter connect timeout (it covers the handshake): a plain-HTTP host may never answer one.
    private final ClientOnDemand unverified = new ClientOnDemand(
            () -> builder().connectTimeout(PROBE_TIMEOUT).sslContext(InsecureTls.context()).build());
    /** Insecure hosts found to speak plain HTTP, so the TLS attempt is made once per host. */
    private final Set<String> plainHttp = ConcurrentHashMap.newKeySet();
    private final Authenticator auth;
    private final Duration idleTimeout;
    private final CleartextPolicy cleartext;

    Transport(Authenticator auth) {
        this(auth, RegistryConfig.empty());
    }

    Transport(Authenticator auth, RegistryConfig config) {
        this.auth = auth;
        this.idleTimeout = config.idleTimeout();
        this.cleartext = new CleartextPolicy(config);
    }

    Authenticator auth() {
        return auth;
    }

    /**
     * Sends {@code call} with the credentials the endpoint wants, answering one 401 challenge. The
     * response's body must be read or closed by the caller.
     */
    HttpResponse<InputStream> send(Endpoint endpoint, Target target, Call call) {
        // An upload location may point at another host (storage behind the registry): no credentials go there.
        boolean ours = call.uri().getRawAuthority().equalsIgnoreCase(endpoint.authority());
        String authorization = ours ? auth.preemptive(endpoint, target.scope()) : null;
        HttpResponse<InputStream> response = exchange(endpoint, call, authorization);
        if (response.statusCode() != 401 || !ours) {
            return response;
        }
        List<Challenge> challenges = Challenge.parseAll(response.headers().allValues("WWW-Authenticate"));
        byte[] refusal = readAtMost(response, ERROR_BODY_MAX);
        String next = auth.answer(endpoint, target, challenges, authorization, refusal, exchanger);
        HttpResponse<InputStream> retried = exchange(endpoint, call, next);
        if (retried.statusCode() == 401 && next.startsWith("Basic ")) {
            // The password itself was turned down (not a token's scope): say so rather than "authentication required".
            throw auth.basicRefused(endpoint, target, readAtMost(retried, ERROR_BODY_MAX));
        }
        return retried;
    }

    /** A GET with exactly {@code authorization}, no challenge answered: for token servers and logins. */
    HttpResponse<InputStream> get(Endpoint endpoint, URI uri, String authorization) {
        return exchange(endpoint, Call.of("GET", uri, Map.of()), authorization);
    }

    /** How the authenticator reaches token servers: through this transport, its TLS rules and redirects. */
    private final Authenticator.Exchanger exchanger = new Authenticator.Exchanger() {
        @Override
        public HttpResponse<InputStream> get(Endpoint endpoint, URI uri, String authorization) {
            return Transport.this.get(endpoint, uri, authorization);
        }

        @Override
        public HttpResponse<InputStream> postForm(Endpoint endpoint, URI uri, String form) {
            return Transport.this.postForm(endpoint, uri, form);
        }
    };

    /** A form POST (the OAuth2 token endpoint's grant for an identity token, which is a secret too). */
    HttpResponse<InputStream> postForm(Endpoint endpoint, URI uri, String form) {
        cleartext.check(uri, "the identity token for " + endpoint.credentialHost());
        byte[] bytes = form.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RequestBody body = new RequestBody(() -> new java.io.ByteArrayInputStream(bytes), bytes.length, n -> { }, "token request");
        return exchange(endpoint, new Call("POST", uri, Map.of("Content-Type", "application/x-www-form-urlencoded"), body), null);
    }

    /** One request, following redirects; {@code authorization} is sent only to the request's own origin. */
    private HttpResponse<InputStream> exchange(Endpoint endpoint, Call call, String authorization) {
        URI origin = plainIfFallenBack(endpoint, call.uri());
        URI uri = origin;
        for (int hop = 0; ; hop++) {
            String auth = sameOrigin(uri, origin) ? authorization : null;
            if (auth != null) {
                cleartext.check(uri, secret(endpoint, auth));
            }
            HttpResponse<InputStream> response;
            try {
                response = sendOnce(endpoint, call, uri, auth);
            } catch (IOException e) {
                if (!mayProbePlain(endpoint, uri, e)) {
                    throw failure(endpoint, uri, call, e);
                }
                // An insecure host that did not complete a TLS handshake: ask again over plain HTTP,
                // and remember the choice only when plain HTTP gets an answer.
                URI plain = withScheme(uri, "http");
                if (auth != null) {
                    cleartext.check(plain, secret(endpoint, auth));
                }
                try {
                    response = sendOnce(endpoint, call, plain, auth);
                } catch (IOException e2) {
                    throw failure(endpoint, plain, call, e2);
                }
                plainHttp.add(endpoint.authority());
                if (sameOrigin(uri, origin)) {
                    origin = plain;
                }
                uri = plain;
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

    private static String secret(Endpoint endpoint, String authorization) {
        return (authorization.startsWith("Basic ") ? "the credentials for " : "a token for ") + endpoint.credentialHost();
    }

    private HttpResponse<InputStream> sendOnce(Endpoint endpoint, Call call, URI uri, String authorization) throws IOException {
        try {
            return client(endpoint, uri).send(request(call, uri, authorization), watchedBody(endpoint, call, uri));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HakoException(ErrorKind.UNAVAILABLE, "interrupted while talking to registry " + endpoint.authority(), e);
        }
    }

    /** Every body, error bodies and token replies included, is read under the idle timeout. */
    private HttpResponse.BodyHandler<InputStream> watchedBody(Endpoint endpoint, Call call, URI uri) {
        String source = "registry %s (%s %s)".formatted(endpoint.authority(), call.method(), uri);
        return info -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(),
                body -> new IdleTimeoutInputStream(body, idleTimeout, source));
    }

    /**
     * Whether a failed https request to an insecure host is worth a plain-HTTP try: the TLS handshake
     * failed, or never finished (some plain-HTTP servers wait for a request line and never answer it).
     */
    private boolean mayProbePlain(Endpoint endpoint, URI uri, IOException e) {
        return endpoint.tls() == Endpoint.Tls.UNVERIFIED_THEN_PLAIN && uri.getScheme().equals("https")
                && uri.getRawAuthority().equals(endpoint.authority())
                && (causedBy(e, SSLException.class) || causedBy(e, HttpConnectTimeoutException.class));
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
        RequestBody body = call.body();
        if (body == null) {
            b.timeout(HEADERS_TIMEOUT);
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else if (body.length() == 0) {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(body::open), body.length()));
        }
        return b.build();
    }

    private HttpClient client(Endpoint endpoint, URI uri) {
        boolean trusted = endpoint.tls() == Endpoint.Tls.VERIFIED || !uri.getRawAuthority().equals(endpoint.authority());
        return (trusted || uri.getScheme().equals("http") ? verified : unverified).get();
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
            if (t instanceof RequestBody.ContentException c) {
                return new HakoException(c.kind(), c.getMessage(), e);
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

    @Override
    public void close() {
        verified.close();
        unverified.close();
    }
}
