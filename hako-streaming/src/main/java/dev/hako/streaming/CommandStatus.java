package dev.hako.streaming;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hako.oci.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How an exec or attach session ended, as the metav1.Status kubelet writes on the error stream. From v4
 * on it is JSON and a non-zero exit is a Failure with reason NonZeroExitCode and the code as an
 * ExitCode cause (kubectl turns that into its own exit code); older protocols get only the message
 * text, and nothing on success.
 */
@JsonPropertyOrder({"metadata", "status", "message", "reason", "details", "code"})
record CommandStatus(Map<String, Object> metadata, String status, String message, String reason, Details details, Integer code) {

    record Details(List<Cause> causes) {}

    @JsonPropertyOrder({"reason", "message"})
    record Cause(String reason, String message) {}

    static CommandStatus success() {
        return new CommandStatus(Map.of(), "Success", null, null, null, null);
    }

    static CommandStatus nonZeroExit(int exitCode, List<String> cmd) {
        return new CommandStatus(Map.of(), "Failure",
                "command terminated with non-zero exit code: error executing command [%s], exit code %d".formatted(String.join(" ", cmd), exitCode),
                "NonZeroExitCode", new Details(List.of(new Cause("ExitCode", Integer.toString(exitCode)))), null);
    }

    /** apierrors.NewInternalError: the command could not be run, or the attach failed. */
    static CommandStatus internalError(String message) {
        return new CommandStatus(Map.of(), "Failure", "Internal error occurred: " + message,
                "InternalError", new Details(List.of(new Cause(null, message))), 500);
    }

    boolean isSuccess() {
        return "Success".equals(status);
    }

    /** The bytes for the error stream under {@code protocol}'s rules. */
    byte[] encode(boolean json) {
        if (json) {
            return Json.write(this);
        }
        return isSuccess() ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
    }
}
