package dev.hako.cli;

import dev.hako.ttrpc.ConnectFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The one place that turns a failure into what the user sees and the exit status, with docker's
 * wording and codes: daemon errors print "Error response from daemon: ..." and exit 1, usage
 * errors exit 125.
 */
public final class Failures {
    public static final int OK = 0;
    /** Any failure of the operation itself: docker exits 1 for every daemon error. */
    public static final int FAILED = 1;
    /** The command line could not be parsed (docker's code for its own errors). */
    public static final int USAGE = 125;
    /** `run`/`create` could not create or start the container (docker's own failure). */
    public static final int LAUNCH = 125;
    /** The container's command exists but cannot be invoked (docker run's code). */
    public static final int CANNOT_INVOKE = 126;
    /** The container's command was not found (docker run's code). */
    public static final int NOT_FOUND = 127;

    private Failures() {}

    /** Prints the failure on stderr (after what stdout already holds) and returns the exit status. */
    public static int report(Throwable t, Cli cli) {
        if (t instanceof LaunchFailure f) {
            // docker run's reportError: "docker: <error>." and, for create failures, the help pointer.
            String text = message(f.getCause(), cli.daemonUri());
            text = "hako: " + (text.endsWith(".") ? text : text + ".");
            if (f.withHelp()) {
                text += "\nSee 'hako " + f.command() + " --help'.";
            }
            cli.error(text);
        } else {
            cli.error(message(t, cli.daemonUri()));
        }
        if (cli.debug()) {
            t.printStackTrace(cli.err());
        }
        return exitCode(t);
    }

    public static int exitCode(Throwable t) {
        if (t instanceof LaunchFailure f) {
            return launchExitCode(f.getCause());
        }
        if (t instanceof StatusRuntimeException e) {
            return exitCode(e.getStatus().getCode());
        }
        return FAILED;
    }

    /**
     * docker's runStartContainerErr: 127 when the daemon says the command was not found, 126 when
     * it cannot be run, else 125. The daemon's words are all there is to go on, as for docker.
     */
    public static int launchExitCode(Throwable cause) {
        if (cause instanceof StatusRuntimeException e && isDaemonReply(e)) {
            String text = daemonMessage(e);
            if (text.contains("executable file not found") || text.contains("no such file or directory")) {
                return NOT_FOUND;
            }
            if (text.contains("permission denied") || text.contains("is a directory")) {
                return CANNOT_INVOKE;
            }
        }
        return LAUNCH;
    }

    /** gRPC status → exit status. All daemon errors exit 1, as docker's do; OK is never thrown. */
    static int exitCode(Status.Code code) {
        return code == Status.Code.OK ? OK : FAILED;
    }

    /** What the user reads for a failure. */
    public static String message(Throwable t, String daemonUri) {
        return switch (t) {
            case StatusRuntimeException e when !isDaemonReply(e) -> connectFailure(e, daemonUri);
            case StatusRuntimeException e -> "Error response from daemon: " + daemonMessage(e);
            case CliException e -> e.getMessage();
            case LaunchFailure e -> message(e.getCause(), daemonUri);
            case UncheckedIOException e -> ioMessage(e.getCause());
            case IOException e -> ioMessage(e);
            default -> "Error: " + (t.getMessage() == null ? t.toString() : t.getMessage());
        };
    }

    /**
     * True when the status came from hakod; false when the transport failed before any reply
     * (gRPC then reports UNAVAILABLE with the I/O error as its cause).
     */
    public static boolean isDaemonReply(StatusRuntimeException e) {
        return !(e.getStatus().getCode() == Status.Code.UNAVAILABLE && e.getStatus().getCause() != null);
    }

    /**
     * `exec` refused by the daemon: 126 (docker exec's code) when the command could not be run in
     * the container; 1 for anything else (no such container, not running).
     */
    public static int execExitCode(StatusRuntimeException e) {
        String text = daemonMessage(e);
        if (text.contains("executable file not found") || text.contains("no such file or directory")
                || text.contains("permission denied") || text.contains("is a directory")) {
            return CANNOT_INVOKE;
        }
        return FAILED;
    }

    /** The daemon's own words for a status (its description), or the code's name. */
    public static String daemonMessage(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return description == null || description.isEmpty() ? e.getStatus().getCode().name() : description;
    }

    private static String connectFailure(StatusRuntimeException e, String daemonUri) {
        Throwable cause = e.getStatus().getCause();
        if (!(cause instanceof ConnectFailure)) {
            // The daemon had the call: it went away (stopped, crashed) before answering.
            return "the connection to the hako daemon at " + daemonUri + " was lost during the call: "
                    + e.getStatus().getDescription();
        }
        if (String.valueOf(cause.getMessage()).contains("Permission denied")) {
            return "permission denied while trying to connect to the hako daemon socket at " + daemonUri;
        }
        return new DaemonUnreachableException(daemonUri, e).getMessage();
    }

    /** Go's wording for file errors ("open x.tar: no such file or directory"), as docker prints them. */
    private static String ioMessage(IOException e) {
        return switch (e) {
            case NoSuchFileException f -> "open " + f.getFile() + ": no such file or directory";
            case AccessDeniedException f -> "open " + f.getFile() + ": permission denied";
            case FileSystemException f when f.getReason() != null -> f.getFile() + ": " + f.getReason();
            default -> "Error: " + e.getMessage();
        };
    }
}
