package dev.hako.errdefs;

/**
 * An error with a kind that says how callers should treat it. The message is shown to users as is,
 * so it names what was wrong ("image docker.io/library/nope:latest not found").
 */
public class HakoException extends RuntimeException {
    private final ErrorKind kind;

    public HakoException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public HakoException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static HakoException notFound(String format, Object... args) {
        return new HakoException(ErrorKind.NOT_FOUND, format.formatted(args));
    }

    public static HakoException alreadyExists(String format, Object... args) {
        return new HakoException(ErrorKind.ALREADY_EXISTS, format.formatted(args));
    }

    public static HakoException invalid(String format, Object... args) {
        return new HakoException(ErrorKind.INVALID_ARGUMENT, format.formatted(args));
    }

    public static HakoException precondition(String format, Object... args) {
        return new HakoException(ErrorKind.FAILED_PRECONDITION, format.formatted(args));
    }

    public static HakoException unavailable(String format, Object... args) {
        return new HakoException(ErrorKind.UNAVAILABLE, format.formatted(args));
    }

    /** The kind of {@code t} if it is a HakoException, else INTERNAL. */
    public static ErrorKind kindOf(Throwable t) {
        return t instanceof HakoException h ? h.kind() : ErrorKind.INTERNAL;
    }
}
