package dev.hako.daemon.api;

import dev.hako.errdefs.HakoException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** The one place where hako's error kinds become gRPC status codes. */
public final class GrpcErrors {
    private static final Logger LOG = System.getLogger("hakod.api");

    /** Set once at start; until then (tests of single handlers) messages go out as they are. */
    private static volatile StorePathRedactor redactor;

    private GrpcErrors() {}

    /** Messages for clients never name the store's host paths (rootfs, snapshots, bundles). */
    public static void hideStorePaths(java.nio.file.Path rootDir, java.nio.file.Path stateDir) {
        redactor = new StorePathRedactor(rootDir, stateDir);
    }

    /** {@code message} as clients may see it: without the store's host paths (for the other APIs' errors too). */
    public static String redactStorePaths(String message) {
        StorePathRedactor r = redactor;
        return r == null || message == null ? message : r.redact(message);
    }

    public static StatusRuntimeException toStatus(Throwable t) {
        StatusRuntimeException status = statusOf(t);
        StorePathRedactor r = redactor;
        String description = status.getStatus().getDescription();
        if (r == null || description == null) {
            return status;
        }
        String redacted = r.redact(description);
        if (redacted.equals(description)) {
            return status;
        }
        LOG.log(Level.INFO, "answered with store paths hidden: " + description);
        return status.getStatus().withDescription(redacted).asRuntimeException(status.getTrailers());
    }

    private static StatusRuntimeException statusOf(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof java.util.concurrent.CompletionException c && c.getCause() != null) {
            return statusOf(c.getCause()); // a stage's failure: what failed is inside
        }
        if (t instanceof HakoException h) {
            Status status = switch (h.kind()) {
                case NOT_FOUND -> Status.NOT_FOUND;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
                case CANCELLED -> Status.CANCELLED;
                case INTERNAL -> Status.INTERNAL;
            };
            if (h.kind() == dev.hako.errdefs.ErrorKind.INTERNAL) {
                LOG.log(Level.ERROR, "internal error: " + h.getMessage(), h);
            }
            return status.withDescription(h.getMessage()).asRuntimeException();
        }
        LOG.log(Level.ERROR, "unexpected error: " + t, t);
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return Status.INTERNAL.withDescription(message).asRuntimeException();
    }

    /** Runs a unary call body, answering with its result or its error. */
    public static <T> void unary(StreamObserver<T> observer, Call<T> body) {
        T result;
        try {
            result = body.run();
        } catch (Throwable t) {
            observer.onError(toStatus(t));
            return;
        }
        observer.onNext(result);
        observer.onCompleted();
    }

    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }
}
