package dev.hako.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Answers registry auth challenges (the distribution spec's token flow, and HTTP Basic) and remembers
 * per endpoint what it asked for, so later requests carry credentials from the start. Thread-safe:
 * two threads may fetch the same token at once, which costs a request and nothing else.
 */
final class Authenticator {
    /** Sends one GET or the like to {@code uri}; how {@link Transport} lends itself out for token requests. */
    @FunctionalInterface
    interface Exchanger {
        HttpResponse<InputStream> get(Endpoint endpoint, URI uri, String authorization);

        /** Only the transport's exchanger can post; the others (login checks, tests) never need to. */
        default HttpResponse<InputStream> postForm(Endpoint endpoint, URI uri, String form) {
            throw new UnsupportedOperationException("this exchanger cannot post forms");
        }
    }

    /**
     * Tokens a caller hands over for one registry host (a kubelet's PullImageRequest.auth): a
     * registry token is sent as the Bearer token itself; an identity token is an OAuth2 refresh token
     * exchanged at the challenge's realm for access tokens.
     */
    record GivenTokens(String host, String identityToken, String registryToken) {
        boolean appliesTo(Endpoint endpoint) {
            return endpoint.credentialHost().equals(host);
        }
    }

    /** The spec's default lifetime of a token that does not say (and the least a client may assume). */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    /** Tokens are dropped this long before they expire, so none expires on the way. */
    private static final Duration EXPIRY_SLACK = Duration.ofSeconds(10);
    private static final int TOKEN_BODY_MAX = 1 << 20;

    private record Token(String value, Instant expires) {}

    private final CredentialStore credentials;
    private final Clock clock;
    private final GivenTokens given;
    private final CleartextPolicy cleartext;
    private final ConcurrentMap<String, Challenge> schemes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();

    Authenticator(CredentialStore credentials, Clock clock) {
        this(credentials, clock, null, new CleartextPolicy(RegistryConfig.empty()));
    }

    Authenticator(CredentialStore credentials, Clock clock, GivenTokens given, CleartextPolicy cleartext) {
        this.given = given;
        this.credentials = credentials;
        this.clock = clock;
        this.cleartext = cleartext;
    }

    Optional<Credentials> credentialsFor(Endpoint endpoint) {
        return credentials.get(endpoint.credentialHost());
    }

    /** The Authorization header to send before any challenge, from what this endpoint asked for before; or null. */
    String preemptive(Endpoint endpoint, String scope) {
        if (given != null && given.appliesTo(endpoint) && given.registryToken() != null) {
            return "Bearer " + given.registryToken();
        }
        Challenge challenge = schemes.get(endpoint.root().toString());
        if (challenge == null) {
            return null;
        }
        if (challenge.isBasic()) {
            return credentialsFor(endpoint).map(Credentials::basicAuthorization).orElse(null);
        }
        Token token = cachedToken(endpoint, scope);
        return token == null ? null : "Bearer " + token.value();
    }

    /**
     * Answers a 401: returns the Authorization header to retry with, or throws UNAUTHENTICATED when
     * there is nothing better than what was refused.
     */
    String answer(Endpoint endpoint, Target target, List<Challenge> challenges, String refused, byte[] refusal,
                  Exchanger http) {
        Optional<Credentials> creds = credentialsFor(endpoint);
        Challenge bearer = challenges.stream().filter(c -> c.isBearer() && c.param("realm") != null).findFirst().orElse(null);
        if (bearer != null && given != null && given.appliesTo(endpoint) && given.registryToken() != null) {
            if (("Bearer " + given.registryToken()).equals(refused)) {
                throw unauthenticated("%s: the registry refused the registry token given", deniedPrefix(target));
            }
            return "Bearer " + given.registryToken();
        }
        if (bearer != null) {
            schemes.put(endpoint.root().toString(), bearer);
            if (refused != null) {
                tokens.values().removeIf(t -> refused.equals("Bearer " + t.value()));
            }
            List<String> asked = new ArrayList<>(List.of(target.scope()));
            if (bearer.param("scope") != null && !bearer.param("scope").isBlank()) {
                asked.addAll(List.of(bearer.param("scope").trim().split(" +")));
            }
            Set<String> scopes = mergeScopes(asked);
            Token token = given != null && given.appliesTo(endpoint) && given.identityToken() != null
                    ? refreshToken(endpoint, bearer, scopes, http, deniedPrefix(target))
                    : requestToken(endpoint, bearer, scopes, creds, http, deniedPrefix(target));
            Instant now = clock.instant();
            tokens.values().removeIf(t -> !t.expires().isAfter(now)); // one per repository pulled: keep it small
            tokens.put(tokenKey(endpoint, target.scope(), creds), token);
            return "Bearer " + token.value();
        }
        Challenge basic = challenges.stream().filter(Challenge::isBasic).findFirst().orElse(null);
        if (basic != null) {
            schemes.put(endpoint.root().toString(), basic);
            if (creds.isEmpty()) {
                String said = RegistryErrors.describe(401, refusal);
                throw denied(target, said.equals(RegistryErrors.statusLine(401)) ? "authentication required" : said);
            }
            String header = creds.get().basicAuthorization();
            if (header.equals(refused)) {
                throw basicRefused(endpoint, target, refusal);
            }
            return header;
        }
        throw RegistryErrors.toException(target, endpoint, 401, refusal, creds.map(Credentials::username).orElse(null));
    }

    /** The error for Basic credentials that the registry turned down. */
    HakoException basicRefused(Endpoint endpoint, Target target, byte[] refusal) {
        String user = credentialsFor(endpoint).map(Credentials::username).orElse("?");
        return denied(target, "the credentials of user %s were refused: %s".formatted(user,
                RegistryErrors.describe(401, refusal)));
    }

    /** Checks {@code creds} against the endpoint's auth as {@code docker login} does, caching nothing. */
    void login(Endpoint endpoint, Credentials creds, List<Challenge> challenges, Exchanger http) {
        Challenge bearer = challenges.stream().filter(c -> c.isBearer() && c.param("realm") != null).findFirst().orElse(null);
        if (bearer != null) {
            requestToken(endpoint, bearer, Set.of(), Optional.of(creds), http, "login to " + endpoint.credentialHost() + " failed");
            return;
        }
        if (challenges.stream().anyMatch(Challenge::isBasic)) {
            HttpResponse<InputStream> r = http.get(endpoint, endpoint.resolve(""), creds.basicAuthorization());
            byte[] body = Transport.readAtMost(r, Transport.ERROR_BODY_MAX);
            if (r.statusCode() == 200) {
                return;
            }
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw unauthenticated("login to %s failed: the credentials of user %s were refused: %s",
                        endpoint.credentialHost(), creds.username(), RegistryErrors.describe(r.statusCode(), body));
            }
            throw HakoException.unavailable("login to %s failed: %s", endpoint.credentialHost(),
                    RegistryErrors.describe(r.statusCode(), body));
        }
        throw unauthenticated("login to %s failed: the registry asks for an authentication scheme hako does not know (%s)",
                endpoint.credentialHost(), challenges.stream().map(Challenge::scheme).toList());
    }

    /** Gets a token from the challenge's realm; a refusal is reported as {@code denied + ": " + why}. */
    private Token requestToken(Endpoint endpoint, Challenge bearer, Set<String> scopes, Optional<Credentials> creds,
                               Exchanger http, String denied) {
        URI realm = realm(endpoint, bearer);
        if (creds.isPresent()) {
            // Whatever the registry says, the password goes in clear text only where the operator allows it.
            cleartext.check(realm, "the credentials for " + endpoint.credentialHost());
        }
        List<String> query = new ArrayList<>();
        if (bearer.param("service") != null) {
            query.add("service=" + encode(bearer.param("service")));
        }
        scopes.forEach(s -> query.add("scope=" + encode(s)));
        creds.ifPresent(c -> query.add("account=" + encode(c.username())));
        String sep = realm.getRawQuery() == null ? "?" : "&";
        URI uri = URI.create(realm + (query.isEmpty() ? "" : sep + String.join("&", query)));

        HttpResponse<InputStream> r = http.get(endpoint, uri, creds.map(Credentials::basicAuthorization).orElse(null));
        byte[] body = Transport.readAtMost(r, TOKEN_BODY_MAX);
        int status = r.statusCode();
        if (status == 401 || status == 403) {
            throw unauthenticated("%s: %s", denied, creds.isEmpty() ? "authentication required"
                    : "the token server %s refused user %s: %s".formatted(realm.getRawAuthority(), creds.get().username(),
                    tokenServerSays(status, body)));
        }
        if (status != 200) {
            throw HakoException.unavailable("token server %s failed for %s: %s", realm.getRawAuthority(),
                    endpoint.credentialHost(), tokenServerSays(status, body));
        }
        return parseToken(realm, body);
    }

    /** OAuth2: the identity token is a refresh token, exchanged with a form POST at the realm. */
    private Token refreshToken(Endpoint endpoint, Challenge bearer, Set<String> scopes, Exchanger http, String denied) {
        URI realm = realm(endpoint, bearer);
        cleartext.check(realm, "the identity token for " + endpoint.credentialHost());
        List<String> form = new ArrayList<>(List.of("grant_type=refresh_token",
                "refresh_token=" + encode(given.identityToken()), "client_id=hako"));
        if (bearer.param("service") != null) {
            form.add("service=" + encode(bearer.param("service")));
        }
        form.add("scope=" + encode(String.join(" ", scopes)));
        HttpResponse<InputStream> r = http.postForm(endpoint, realm, String.join("&", form));
        byte[] body = Transport.readAtMost(r, TOKEN_BODY_MAX);
        if (r.statusCode() == 400 || r.statusCode() == 401 || r.statusCode() == 403) {
            throw unauthenticated("%s: the token server %s refused the identity token: %s", denied, realm.getRawAuthority(),
                    tokenServerSays(r.statusCode(), body));
        }
        if (r.statusCode() != 200) {
            throw HakoException.unavailable("token server %s failed for %s: %s", realm.getRawAuthority(),
                    endpoint.credentialHost(), tokenServerSays(r.statusCode(), body));
        }
        return parseToken(realm, body);
    }

    private Token parseToken(URI realm, byte[] body) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw HakoException.unavailable("token server %s sent a reply that is not JSON", realm.getRawAuthority());
        }
        String value = json.path("token").asText("");
        if (value.isEmpty()) {
            value = json.path("access_token").asText("");
        }
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw HakoException.unavailable("token server %s sent no usable token", realm.getRawAuthority());
        }
        long seconds = json.path("expires_in").asLong(0);
        Duration lifetime = seconds < DEFAULT_TOKEN_LIFETIME.toSeconds() ? DEFAULT_TOKEN_LIFETIME : Duration.ofSeconds(seconds);
        // Counted from receipt, not issued_at: this clock and the server's may disagree.
        return new Token(value, clock.instant().plus(lifetime).minus(EXPIRY_SLACK));
    }

    /**
     * One scope per resource, with the union of the actions asked for it, pull first: the registry's
     * challenge may name our scope again with its actions in another order ("push,pull"), which
     * would otherwise ask the token server for the same grant twice.
     */
    static Set<String> mergeScopes(List<String> scopes) {
        java.util.Map<String, Set<String>> byResource = new java.util.LinkedHashMap<>();
        for (String scope : scopes) {
            int lastColon = scope.lastIndexOf(':');
            if (lastColon <= 0 || scope.indexOf(':') == lastColon) {
                byResource.computeIfAbsent(scope, k -> new java.util.TreeSet<>());
                continue;
            }
            Set<String> actions = byResource.computeIfAbsent(scope.substring(0, lastColon), k -> new java.util.TreeSet<>());
            actions.addAll(List.of(scope.substring(lastColon + 1).split(",")));
        }
        Set<String> out = new LinkedHashSet<>();
        byResource.forEach((resource, actions) -> out.add(actions.isEmpty() ? resource : resource + ":" + String.join(",", actions)));
        return out;
    }

    private Token cachedToken(Endpoint endpoint, String scope) {
        List<String> candidates = new ArrayList<>(List.of(scope));
        if (scope.endsWith(":pull")) {
            candidates.add(scope + ",push"); // a push token serves pulls of the same repository too
        }
        Instant now = clock.instant();
        Optional<Credentials> creds = credentialsFor(endpoint);
        for (String s : candidates) {
            Token t = tokens.get(tokenKey(endpoint, s, creds));
            if (t != null && t.expires().isAfter(now)) {
                return t;
            }
        }
        return null;
    }

    private static URI realm(Endpoint endpoint, Challenge bearer) {
        try {
            URI realm = new URI(bearer.param("realm"));
            if ((realm.getScheme().equals("http") || realm.getScheme().equals("https")) && realm.getHost() != null
                    && realm.getRawFragment() == null) {
                return realm;
            }
        } catch (Exception e) {
            // falls through to the error below
        }
        throw HakoException.unavailable("registry %s named an invalid token server: %s", endpoint.authority(),
                bearer.param("realm"));
    }

    private static String tokenServerSays(int status, byte[] body) {
        String said = RegistryErrors.describe(status, body);
        if (!said.equals(RegistryErrors.statusLine(status))) {
            return said;
        }
        // Token servers often answer {"details": "..."} (Docker Hub) rather than the registry error body.
        try {
            String details = Json.MAPPER.readTree(body).path("details").asText("");
            return details.isEmpty() ? said : said + ": " + details;
        } catch (IOException | RuntimeException e) {
            return said;
        }
    }

    /**
     * Tokens are kept per identity: after a login as someone else, or a logout, a token got with
     * the old credentials must not be used any more.
     */
    private static String tokenKey(Endpoint endpoint, String scope, Optional<Credentials> creds) {
        String identity = creds.map(c -> c.username() + "/" + Integer.toHexString(c.password().hashCode()))
                .orElse("anonymous");
        return endpoint.root() + " " + scope + " " + identity;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String deniedPrefix(Target target) {
        return target.access().verb + " access denied for " + target.repoName();
    }

    private static HakoException denied(Target target, String why) {
        return unauthenticated("%s: %s", deniedPrefix(target), why);
    }

    private static HakoException unauthenticated(String format, Object... args) {
        return new HakoException(ErrorKind.UNAUTHENTICATED, format.formatted(args));
    }
}
