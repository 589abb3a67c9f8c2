package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Reference;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** The token and Basic flows against a scripted token server (the real ones run in hako-it). */
class AuthenticatorTest {
    private static final Endpoint LOCAL = new Endpoint(URI.create("http://127.0.0.1:5000/v2"), "127.0.0.1:5000", false,
            Endpoint.Tls.VERIFIED);
    private static final Reference APP = Reference.parse("127.0.0.1:5000/app:1");
    private static final Target PULL = new Target(APP, Target.Access.PULL, "manifest for 127.0.0.1:5000/app:1");
    private static final Target PUSH = new Target(APP, Target.Access.PUSH, "manifest 127.0.0.1:5000/app:1");
    private static final List<Challenge> BEARER = Challenge.parse(
            "Bearer realm=\"http://127.0.0.1:1/token\",service=\"reg\",scope=\"repository:app:pull\"");

    private final MutableClock clock = new MutableClock();
    private final MemoryCredentialStore store = new MemoryCredentialStore();
    private final Authenticator auth = new Authenticator(store, clock);
    private final List<String> asked = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    /** A token server that answers with {@code status} and {@code body}, recording what it was asked. */
    private Authenticator.Exchanger server(int status, String body) {
        return (endpoint, uri, authorization) -> {
            asked.add(uri.toString());
            authorizations.add(authorization);
            return new Response(status, body, uri);
        };
    }

    @Test
    void tokenIsFetchedWithCredentialsAndReusedUntilItExpires() {
        store.put("127.0.0.1:5000", new Credentials("alice", "pw"));
        String header = auth.answer(LOCAL, PULL, BEARER, null, new byte[0], server(200, "{\"token\":\"t1\",\"expires_in\":300}"));
        assertEquals("Bearer t1", header);
        assertEquals(List.of("http://127.0.0.1:1/token?service=reg&scope=repository%3Aapp%3Apull&account=alice"), asked);
        assertEquals(new Credentials("alice", "pw").basicAuthorization(), authorizations.getFirst());

        assertEquals("Bearer t1", auth.preemptive(LOCAL, PULL.scope()));
        clock.advance(Duration.ofSeconds(289));
        assertEquals("Bearer t1", auth.preemptive(LOCAL, PULL.scope()));
        clock.advance(Duration.ofSeconds(2));
        assertNull(auth.preemptive(LOCAL, PULL.scope()), "dropped shortly before it expires");
    }

    @Test
    void accessTokenFieldAndDefaultLifetime() {
        auth.answer(LOCAL, PULL, BEARER, null, new byte[0], server(200, "{\"access_token\":\"t2\"}"));
        assertEquals("Bearer t2", auth.preemptive(LOCAL, PULL.scope()));
        clock.advance(Duration.ofSeconds(51));
        assertNull(auth.preemptive(LOCAL, PULL.scope()), "a token that does not say lives 60 s");
        assertEquals(List.of("http://127.0.0.1:1/token?service=reg&scope=repository%3Aapp%3Apull"), asked,
                "anonymous: no account");
        assertNull(authorizations.getFirst());
    }

    @Test
    void pushTokenServesPullsButNotTheOtherWayRound() {
        auth.answer(LOCAL, PUSH, BEARER, null, new byte[0], server(200, "{\"token\":\"rw\"}"));
        assertTrue(asked.getFirst().contains("scope=repository%3Aapp%3Apull%2Cpush"), asked.getFirst());
        assertEquals("Bearer rw", auth.preemptive(LOCAL, PULL.scope()));
        Endpoint other = new Endpoint(URI.create("http://127.0.0.1:5001/v2"), "127.0.0.1:5001", false, Endpoint.Tls.VERIFIED);
        assertNull(auth.preemptive(other, PULL.scope()), "tokens are per endpoint");

        Authenticator fresh = new Authenticator(store, clock);
        fresh.answer(LOCAL, PULL, BEARER, null, new byte[0], server(200, "{\"token\":\"ro\"}"));
        assertNull(fresh.preemptive(LOCAL, PUSH.scope()));
    }

    @Test
    void aRefusedTokenIsReplaced() {
        auth.answer(LOCAL, PULL, BEARER, null, new byte[0], server(200, "{\"token\":\"old\"}"));
        String next = auth.answer(LOCAL, PULL, BEARER, "Bearer old", new byte[0], server(200, "{\"token\":\"new\"}"));
        assertEquals("Bearer new", next);
        assertEquals("Bearer new", auth.preemptive(LOCAL, PULL.scope()));
    }

    @Test
    void tokenServerRefusingCredentialsIsUnauthenticated() {
        store.put("127.0.0.1:5000", new Credentials("alice", "wrong"));
        HakoException e = assertThrows(HakoException.class, () -> auth.answer(LOCAL, PULL, BEARER, null, new byte[0],
                server(401, "{\"details\":\"incorrect username or password\"}")));
        assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
        assertEquals("pull access denied for 127.0.0.1:5000/app: the token server 127.0.0.1:1 refused user alice: "
                + "HTTP 401 Unauthorized: incorrect username or password", e.getMessage());
    }

    @Test
    void tokenServerFailingIsUnavailable() {
        HakoException e = assertThrows(HakoException.class, () -> auth.answer(LOCAL, PULL, BEARER, null, new byte[0],
                server(503, "")));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertThrows(HakoException.class, () -> auth.answer(LOCAL, PULL, BEARER, null, new byte[0], server(200, "{}")));
    }

    @Test
    void basicWithoutCredentialsIsRefusedWithoutAsking() {
        byte[] refusal = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        HakoException e = assertThrows(HakoException.class, () -> auth.answer(LOCAL, PULL,
                Challenge.parse("Basic realm=\"Registry\""), null, refusal, server(500, "")));
        assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
        assertEquals("pull access denied for 127.0.0.1:5000/app: authentication required", e.getMessage());
        assertEquals(List.of(), asked);
    }

    @Test
    void basicCredentialsAreSentThenRememberedAndNotResentWhenRefused() {
        Credentials alice = new Credentials("alice", "pw");
        store.put("127.0.0.1:5000", alice);
        List<Challenge> basic = Challenge.parse("Basic realm=\"Registry\"");
        assertNull(auth.preemptive(LOCAL, PULL.scope()));
        assertEquals(alice.basicAuthorization(), auth.answer(LOCAL, PULL, basic, null, new byte[0], server(500, "")));
        assertEquals(alice.basicAuthorization(), auth.preemptive(LOCAL, PUSH.scope()));
        HakoException e = assertThrows(HakoException.class,
                () -> auth.answer(LOCAL, PULL, basic, alice.basicAuthorization(), new byte[0], server(500, "")));
        assertTrue(e.getMessage().contains("credentials of user alice were refused"), e.getMessage());
    }

    @Test
    void noUsableChallengeIsUnauthenticated() {
        HakoException e = assertThrows(HakoException.class, () -> auth.answer(LOCAL, PULL,
                Challenge.parse("Negotiate"), null, new byte[0], server(200, "{\"token\":\"x\"}")));
        assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
    }

    @Test
    void passwordsAreNotSentToAPlainHttpRealmOfAVerifiedRegistry() {
        Endpoint remote = new Endpoint(URI.create("https://registry.example/v2"), "registry.example", false, Endpoint.Tls.VERIFIED);
        store.put("registry.example", new Credentials("alice", "pw"));
        List<Challenge> plainRealm = Challenge.parse("Bearer realm=\"http://auth.example/token\",service=\"reg\"");
        HakoException e = assertThrows(HakoException.class, () -> auth.answer(remote, PULL, plainRealm, null, new byte[0],
                server(200, "{\"token\":\"x\"}")));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals(List.of(), asked);
    }

    @Test
    void aLoopbackRegistryCannotSendPasswordsToAPlainHttpRealmElsewhere() {
        store.put("127.0.0.1:5000", new Credentials("alice", "pw"));
        List<Challenge> remoteRealm = Challenge.parse("Bearer realm=\"http://example.invalid/token\",service=\"reg\"");
        HakoException e = assertThrows(HakoException.class, () -> auth.answer(LOCAL, PULL, remoteRealm, null, new byte[0],
                server(200, "{\"token\":\"x\"}")));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("the credentials for 127.0.0.1:5000 over plain HTTP to example.invalid"),
                e.getMessage());
        assertEquals(List.of(), asked, "the realm was asked");
        HakoException login = assertThrows(HakoException.class, () -> auth.login(LOCAL, new Credentials("alice", "pw"),
                remoteRealm, server(200, "{\"token\":\"x\"}")));
        assertTrue(login.getMessage().contains("example.invalid"), login.getMessage());
        assertEquals(List.of(), asked, "the realm was asked at login");
    }

    @Test
    void anIdentityTokenIsNotSentToAPlainHttpRealmElsewhere() {
        Authenticator withToken = new Authenticator(store, clock,
                new Authenticator.GivenTokens("127.0.0.1:5000", "refresh-me", null), new CleartextPolicy(RegistryConfig.empty()));
        List<Challenge> remoteRealm = Challenge.parse("Bearer realm=\"http://example.invalid/token\",service=\"reg\"");
        HakoException e = assertThrows(HakoException.class, () -> withToken.answer(LOCAL, PULL, remoteRealm, null,
                new byte[0], server(200, "{\"token\":\"x\"}")));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("the identity token for 127.0.0.1:5000 over plain HTTP to example.invalid"),
                e.getMessage());
    }

    @Test
    void aPlainHttpRealmMayServeAnonymousTokensOrBeMarkedInsecure() {
        List<Challenge> remoteRealm = Challenge.parse("Bearer realm=\"http://auth.lab.example/token\",service=\"reg\"");
        assertEquals("Bearer anon", auth.answer(LOCAL, PULL, remoteRealm, null, new byte[0], server(200, "{\"token\":\"anon\"}")),
                "nothing secret goes to the realm");
        store.put("127.0.0.1:5000", new Credentials("alice", "pw"));
        Authenticator trusting = new Authenticator(store, clock, null, new CleartextPolicy(RegistryConfig.of(
                new RegistryHost("auth.lab.example", List.of(), true))));
        assertEquals("Bearer mine", trusting.answer(LOCAL, PULL, remoteRealm, null, new byte[0],
                server(200, "{\"token\":\"mine\"}")));
    }

    @Test
    void loginChecksCredentialsAgainstTheRealmWithoutAScope() {
        auth.login(LOCAL, new Credentials("alice", "pw"), BEARER, server(200, "{\"token\":\"x\"}"));
        assertEquals(List.of("http://127.0.0.1:1/token?service=reg&account=alice"), asked);
        HakoException e = assertThrows(HakoException.class,
                () -> auth.login(LOCAL, new Credentials("alice", "bad"), BEARER, server(401, "")));
        assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
        assertTrue(e.getMessage().startsWith("login to 127.0.0.1:5000 failed"), e.getMessage());
        assertNull(auth.preemptive(LOCAL, PULL.scope()), "a login caches nothing");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private record Response(int statusCode, String text, URI uri) implements HttpResponse<InputStream> {
        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri).build();
        }

        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    @Test
    void theChallengesScopeWithActionsInAnotherOrderIsOneScope() {
        assertEquals(java.util.Set.of("repository:team/app:pull,push"), Authenticator.mergeScopes(
                java.util.List.of("repository:team/app:pull,push", "repository:team/app:push,pull")));
        assertEquals(java.util.List.of("repository:a:pull,push", "repository:b:pull"), java.util.List.copyOf(
                Authenticator.mergeScopes(java.util.List.of("repository:a:push", "repository:b:pull", "repository:a:pull"))));
        assertEquals(java.util.Set.of("registry:catalog:*"), Authenticator.mergeScopes(java.util.List.of("registry:catalog:*")));
    }
}
