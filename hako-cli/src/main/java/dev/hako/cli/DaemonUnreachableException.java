package dev.hako.cli;

/** hakod's socket is missing or refuses connections. */
public final class DaemonUnreachableException extends CliException {
    public DaemonUnreachableException(String socketUri, Throwable cause) {
        super("Cannot connect to the hako daemon at " + socketUri + ". Is hakod running?", cause);
    }
}
