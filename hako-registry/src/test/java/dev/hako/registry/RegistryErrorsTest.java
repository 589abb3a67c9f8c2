package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Reference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {
    private static final Endpoint LOCAL = new Endpoint(URI.create("http://127.0.0.1:5000/v2"), "127.0.0.1:5000", false,
            Endpoint.Tls.VERIFIED);
    private static final Reference APP = Reference.parse("127.0.0.1:5000/app:nope");
    private static final Target PULL = new Target(APP, Target.Access.PULL, "manifest for 127.0.0.1:5000/app:nope");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheSpecErrorBody() {
        assertEquals(List.of(new RegistryErrors.RegistryError("MANIFEST_UNKNOWN", "manifest unknown")),
                RegistryErrors.parse(bytes("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"nope\"}}]}")));
        assertEquals(2, RegistryErrors.parse(bytes("{\"errors\":[{\"code\":\"A\"},{\"message\":\"b\"}]}")).size());
        assertEquals(List.of(), RegistryErrors.parse(bytes("<html>502 Bad Gateway</html>")));
        assertEquals(List.of(), RegistryErrors.parse(bytes("")));
        assertEquals(List.of(), RegistryErrors.parse(bytes("{\"errors\": 3}")));
    }

    @Test
    void describesWithMessagesOrCodesOrTheStatus() {
        assertEquals("blob unknown to registry; denied", RegistryErrors.describe(404,
                bytes("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"},{\"code\":\"DENIED\"}]}")));
        assertEquals("HTTP 502 Bad Gateway", RegistryErrors.describe(502, bytes("<html>")));
    }

    @Test
    void notFound() {
        HakoException e = RegistryErrors.toException(PULL, LOCAL, 404,
                bytes("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"), null);
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("manifest for 127.0.0.1:5000/app:nope not found: manifest unknown", e.getMessage());
    }

    @Test
    void refused() {
        HakoException e = RegistryErrors.toException(PULL, LOCAL, 401,
                bytes("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"), null);
        assertEquals(ErrorKind.UNAUTHENTICATED, e.kind());
        assertEquals("pull access denied for 127.0.0.1:5000/app: authentication required", e.getMessage());
        HakoException push = RegistryErrors.toException(new Target(APP, Target.Access.PUSH, "x"), LOCAL, 403,
                bytes("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"), "bob");
        assertEquals("push access denied for 127.0.0.1:5000/app: requested access to the resource is denied (as user bob)",
                push.getMessage());
    }

    @Test
    void serverErrorsAreUnavailableAndNameTheHost() {
        HakoException e = RegistryErrors.toException(PULL, LOCAL, 500, bytes(""), null);
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("registry 127.0.0.1:5000 failed on manifest for 127.0.0.1:5000/app:nope: HTTP 500 Internal Server Error",
                e.getMessage());
        HakoException withBody = RegistryErrors.toException(PULL, LOCAL, 503,
                bytes("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"service unavailable\"}]}"), null);
        assertEquals("registry 127.0.0.1:5000 failed on manifest for 127.0.0.1:5000/app:nope: HTTP 503 Service Unavailable: "
                + "service unavailable", withBody.getMessage());
        assertEquals(ErrorKind.UNAVAILABLE, RegistryErrors.toException(PULL, LOCAL, 429, bytes(""), null).kind());
    }

    @Test
    void badRequestsAreInvalid() {
        HakoException e = RegistryErrors.toException(new Target(APP, Target.Access.PUSH, "manifest 127.0.0.1:5000/app:1"),
                LOCAL, 400, bytes("{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"), null);
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("registry 127.0.0.1:5000 refused manifest 127.0.0.1:5000/app:1: blob unknown to registry", e.getMessage());
    }
}
