package dev.hako.cli;

/** A failure on the client side (bad input, a local file), printed as its message alone. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
