package dev.hako.runtime;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OCI runtime command that failed, with what the runtime said. The kind follows the message:
 * an unknown container is NOT_FOUND, a container in the wrong state FAILED_PRECONDITION, a
 * command that cannot be executed INVALID_ARGUMENT, anything else INTERNAL.
 */
public final class RuntimeFailure extends HakoException {
    private static final Pattern REPEATED_PREFIX = Pattern.compile("^[\\w.-]+ (create|run|exec|start) failed: ");

    private final String runtime;
    private final String operation;
    private final int exitCode;
    private final String detail;

    public RuntimeFailure(String runtime, String operation, String id, int exitCode, String detail) {
        super(classify(detail), message(runtime, operation, id, exitCode, detail));
        this.runtime = runtime;
        this.operation = operation;
        this.exitCode = exitCode;
        this.detail = detail;
    }

    private static String message(String runtime, String operation, String id, int exitCode, String detail) {
        String what = runtime + " " + operation + (id == null ? "" : " " + id);
        // runc starts its errors with "runc create failed: ", which the message already says.
        String said = REPEATED_PREFIX.matcher(detail).replaceFirst("");
        return detail.isEmpty() ? what + " failed with exit status " + exitCode : what + ": " + said;
    }

    static ErrorKind classify(String detail) {
        String d = detail.toLowerCase(Locale.ROOT);
        if (d.contains("container does not exist") || d.contains("container not found")
                || (d.contains("error opening file") && d.contains("/status") && d.contains("no such file"))) {
            return ErrorKind.NOT_FOUND;
        }
        if (d.contains("not running") || d.contains("already running") || d.contains("cannot start")
                || d.contains("stopped container") || d.contains("is paused") || d.contains("already exists")) {
            return d.contains("already exists") ? ErrorKind.ALREADY_EXISTS : ErrorKind.FAILED_PRECONDITION;
        }
        if (d.contains("executable file not found") || d.contains("permission denied")
                || (d.contains("exec:") && d.contains("no such file or directory"))) {
            return ErrorKind.INVALID_ARGUMENT;
        }
        return ErrorKind.INTERNAL;
    }

    /** The handler's name (runc, crun...). */
    public String runtime() {
        return runtime;
    }

    /** The runtime subcommand that failed (create, start, kill...). */
    public String operation() {
        return operation;
    }

    /** The runtime's exit status; -1 when it was not the runtime that failed (conmon, a timeout). */
    public int exitCode() {
        return exitCode;
    }

    /** What the runtime said, cleaned up; empty when it said nothing. */
    public String detail() {
        return detail;
    }
}
