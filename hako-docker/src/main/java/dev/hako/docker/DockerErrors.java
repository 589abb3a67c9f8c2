package dev.hako.docker;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * The one place where hako's error kinds become Docker Engine API answers: docker's status codes
 * (404 no such thing, 409 conflict, 400 bad parameter) and its body, {@code {"message": "..."}}.
 * Messages never name the store's host paths ({@code redact}).
 */
public final class DockerErrors {
    private static final Logger LOG = System.getLogger("hakod.docker");

    private final UnaryOperator<String> redact;

    public DockerErrors(UnaryOperator<String> redact) {
        this.redact = redact;
    }

    /** An error as docker answers it. */
    public record Answer(HttpResponseStatus status, String message) {
        public byte[] body() {
            return dev.hako.oci.Json.write(java.util.Map.of("message", message));
        }
    }

    public Answer answer(Throwable t) {
        Throwable cause = unwrap(t);
        ErrorKind kind = HakoException.kindOf(cause);
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (!(cause instanceof HakoException) || kind == ErrorKind.INTERNAL) {
            LOG.log(Level.ERROR, "docker API: unexpected error: " + cause, cause);
        }
        return new Answer(status(kind), redact.apply(message));
    }

    /** docker's status for each kind, as moby's errdefs map them. */
    public static HttpResponseStatus status(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> HttpResponseStatus.CONFLICT;
            case INVALID_ARGUMENT -> HttpResponseStatus.BAD_REQUEST;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case UNAUTHENTICATED -> HttpResponseStatus.UNAUTHORIZED;
            case CANCELLED, INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException
                || c instanceof java.io.UncheckedIOException) && c.getCause() != null) {
            c = c.getCause();
        }
        // The services wrap a waiter's failure in an IOException of its own.
        if (c.getClass() == java.io.IOException.class && c.getCause() instanceof HakoException h) {
            return h;
        }
        return c;
    }
}
