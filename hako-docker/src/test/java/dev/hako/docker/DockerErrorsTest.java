package dev.hako.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {
    private final DockerErrors errors = new DockerErrors(m -> m.replace("/var/lib/hako", "<hako root>"));

    @Test
    void kindsBecomeDockersStatusCodes() {
        assertEquals(404, DockerErrors.status(ErrorKind.NOT_FOUND).code());
        assertEquals(409, DockerErrors.status(ErrorKind.ALREADY_EXISTS).code());
        assertEquals(409, DockerErrors.status(ErrorKind.FAILED_PRECONDITION).code());
        assertEquals(400, DockerErrors.status(ErrorKind.INVALID_ARGUMENT).code());
        assertEquals(401, DockerErrors.status(ErrorKind.UNAUTHENTICATED).code());
        assertEquals(503, DockerErrors.status(ErrorKind.UNAVAILABLE).code());
        assertEquals(500, DockerErrors.status(ErrorKind.INTERNAL).code());
        assertEquals(500, DockerErrors.status(ErrorKind.CANCELLED).code());
    }

    @Test
    void theBodyIsDockersMessageShape() throws IOException {
        DockerErrors.Answer a = errors.answer(HakoException.notFound("No such container: %s", "nosuch"));
        assertEquals(HttpResponseStatus.NOT_FOUND, a.status());
        assertEquals("{\"message\":\"No such container: nosuch\"}", new String(a.body()));
        assertEquals("No such container: nosuch", Json.MAPPER.readTree(a.body()).get("message").asText());
    }

    @Test
    void wrappedErrorsKeepTheirKindAndMessagesLoseStorePaths() {
        DockerErrors.Answer wrapped = errors.answer(new CompletionException(
                new IOException(HakoException.precondition("container x is being removed"))));
        assertEquals(HttpResponseStatus.CONFLICT, wrapped.status());
        assertEquals("container x is being removed", wrapped.message());
        DockerErrors.Answer internal = errors.answer(new IOException("cannot open /var/lib/hako/metadata.db"));
        assertEquals(HttpResponseStatus.INTERNAL_SERVER_ERROR, internal.status());
        assertEquals("cannot open <hako root>/metadata.db", internal.message());
    }
}
