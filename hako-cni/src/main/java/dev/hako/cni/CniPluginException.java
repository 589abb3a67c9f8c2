package dev.hako.cni;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;

/**
 * A CNI plugin that failed, with what it said: the spec's error code and message from its stdout,
 * and its stderr. The kind follows the code: 3 (unknown container) is NOT_FOUND, 11 (try again
 * later) UNAVAILABLE, the codes that mean the configuration or environment does not suit the plugin
 * (1, 2, 4, 6, 7) FAILED_PRECONDITION, anything else INTERNAL.
 */
public final class CniPluginException extends HakoException {
    /** The code when the plugin gave none: it crashed, printed no error JSON, or was killed. */
    public static final int NO_CODE = -1;

    private final String plugin;
    private final String command;
    private final int code;

    CniPluginException(String plugin, String command, int code, String message) {
        super(kindOf(code), message);
        this.plugin = plugin;
        this.command = command;
        this.code = code;
    }

    CniPluginException(ErrorKind kind, String plugin, String command, String message) {
        super(kind, message);
        this.plugin = plugin;
        this.command = command;
        this.code = NO_CODE;
    }

    static ErrorKind kindOf(int code) {
        return switch (code) {
            case 3 -> ErrorKind.NOT_FOUND;
            case 11 -> ErrorKind.UNAVAILABLE;
            case 1, 2, 4, 6, 7 -> ErrorKind.FAILED_PRECONDITION;
            default -> ErrorKind.INTERNAL;
        };
    }

    /** The plugin's type (its executable's name). */
    public String plugin() {
        return plugin;
    }

    /** ADD, CHECK or DEL. */
    public String command() {
        return command;
    }

    /** The spec's error code, or {@link #NO_CODE}. */
    public int code() {
        return code;
    }
}
