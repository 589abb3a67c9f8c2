package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The error-stream status, byte for byte as Go's json.Marshal of kubelet's metav1.Status writes it. */
class CommandStatusTest {
    private static String json(CommandStatus s) {
        return new String(s.encode(true), StandardCharsets.UTF_8);
    }

    @Test
    void successIsABareStatus() {
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", json(CommandStatus.success()));
        assertEquals("", new String(CommandStatus.success().encode(false), StandardCharsets.UTF_8));
    }

    @Test
    void nonZeroExitCarriesTheCodeAsAnExitCodeCause() {
        CommandStatus s = CommandStatus.nonZeroExit(3, List.of("sh", "-c", "exit 3"));
        assertEquals("{\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3\","
                + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}", json(s));
        assertEquals("command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
                new String(s.encode(false), StandardCharsets.UTF_8));
    }

    @Test
    void internalErrorIsAn500WithTheMessageAsCause() {
        assertEquals("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: boom\","
                + "\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"boom\"}]},\"code\":500}",
                json(CommandStatus.internalError("boom")));
    }
}
