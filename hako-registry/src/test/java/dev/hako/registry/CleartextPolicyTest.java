package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which hosts may be sent credentials or tokens over plain HTTP: loopback, and hosts marked insecure. */
class CleartextPolicyTest {
    private static final CleartextPolicy POLICY = new CleartextPolicy(RegistryConfig.of(
            new RegistryHost("lab.example", List.of(), true),
            new RegistryHost("build.example:5000", List.of(), true)));

    @Test
    void httpsGoesAnywhere() {
        assertTrue(POLICY.allows(URI.create("https://auth.example/token")));
    }

    @Test
    void plainHttpGoesOnlyToLoopbackAndInsecureHosts() {
        assertTrue(POLICY.allows(URI.create("http://127.0.0.1:5000/token")));
        assertTrue(POLICY.allows(URI.create("http://127.8.9.1/token")));
        assertTrue(POLICY.allows(URI.create("http://localhost:8080/token")));
        assertTrue(POLICY.allows(URI.create("http://[::1]:5000/token")));
        assertTrue(POLICY.allows(URI.create("http://lab.example/token")), "a host marked insecure");
        assertTrue(POLICY.allows(URI.create("http://lab.example:8443/token")), "a mark on the bare host covers its ports");
        assertTrue(POLICY.allows(URI.create("http://build.example:5000/v2/")), "a mark on host:port covers that port");

        assertFalse(POLICY.allows(URI.create("http://example.invalid/token")));
        assertFalse(POLICY.allows(URI.create("http://build.example:5001/token")), "another port of a host:port mark");
        assertFalse(POLICY.allows(URI.create("http://localhost.example/token")), "a name that only looks local");
        assertFalse(POLICY.allows(URI.create("http://10.0.0.1/token")));
    }

    @Test
    void aRefusalNamesTheHostAndWhatWouldHaveGone() {
        HakoException e = assertThrows(HakoException.class,
                () -> POLICY.check(URI.create("http://example.invalid:8080/token?x=1"), "the credentials for reg.example"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals("refusing to send the credentials for reg.example over plain HTTP to example.invalid:8080: that host "
                + "is neither loopback nor marked insecure", e.getMessage());
    }

    @Test
    void theTransportRefusesToSendAnAuthorizationToSuchAHostBeforeConnecting() {
        // A mirror configured as plain http:// on a host not marked insecure: no credentials go there.
        Endpoint mirror = new Endpoint(URI.create("http://example.invalid/v2"), "example.invalid", true, Endpoint.Tls.VERIFIED);
        try (Transport transport = new Transport(new Authenticator(CredentialStore.none(), Clock.systemUTC()))) {
            HakoException e = assertThrows(HakoException.class, () -> transport.get(mirror, mirror.resolve(""),
                    new Credentials("alice", "pw").basicAuthorization()));
            assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("over plain HTTP to example.invalid"), e.getMessage());
            HakoException token = assertThrows(HakoException.class,
                    () -> transport.get(mirror, mirror.resolve(""), "Bearer t0ken"));
            assertTrue(token.getMessage().startsWith("refusing to send a token for example.invalid"), token.getMessage());
            HakoException identity = assertThrows(HakoException.class,
                    () -> transport.postForm(mirror, URI.create("http://example.invalid/oauth2/token"), "refresh_token=x"));
            assertTrue(identity.getMessage().startsWith("refusing to send the identity token"), identity.getMessage());
        }
    }
}
