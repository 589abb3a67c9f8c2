package dev.hako.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.errdefs.ErrorKind;
import org.junit.jupiter.api.Test;

class RuntimeMessagesTest {
    @Test
    void keepsOnlyTheMessageOfLogrusTextLines() {
        assertEquals("container does not exist",
                RuntimeMessages.clean("time=\"2026-01-01T00:00:00Z\" level=error msg=\"container does not exist\"\n"));
        assertEquals("runc run failed: unable to start container process: exec: \"nope\": executable file not found",
                RuntimeMessages.clean("time=\"x\" level=error msg=\"runc run failed: unable to start container "
                        + "process: exec: \\\"nope\\\": executable file not found\""));
    }

    @Test
    void errorsWinOverWarningsAndRepeatsAreDropped() {
        String stderr = """
                time="x" level=warning msg="cgroup v1 is deprecated"
                time="x" level=error msg="container not running"
                container not running
                time="x" level=error msg="container not running"
                """;
        assertEquals("container not running", RuntimeMessages.clean(stderr));
    }

    @Test
    void warningsAloneAreStillShown() {
        assertEquals("something odd", RuntimeMessages.clean("time=\"x\" level=warning msg=\"something odd\""));
    }

    @Test
    void readsJsonLogLines() {
        assertEquals("exec failed: \"x\"", RuntimeMessages.clean(
                "{\"level\":\"error\",\"msg\":\"exec failed: \\\"x\\\"\\n\",\"time\":\"2026-01-01T00:00:00Z\"}"));
    }

    @Test
    void keepsPlainLinesLikeCrunsAsTheyAre() {
        assertEquals("crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2",
                RuntimeMessages.clean("crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2\n"));
        assertEquals("", RuntimeMessages.clean("\n  \n"));
        assertEquals("", RuntimeMessages.clean(null));
    }

    @Test
    void classifiesFailuresByWhatTheRuntimeSaid() {
        assertEquals(ErrorKind.NOT_FOUND, RuntimeFailure.classify("container does not exist"));
        assertEquals(ErrorKind.NOT_FOUND,
                RuntimeFailure.classify("error opening file `/run/crun/x/status`: No such file or directory"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, RuntimeFailure.classify("container not running"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, RuntimeFailure.classify("cannot start an already running container"));
        assertEquals(ErrorKind.ALREADY_EXISTS, RuntimeFailure.classify("container with id exists: c1 already exists"));
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                RuntimeFailure.classify("exec: \"nope\": executable file not found in $PATH"));
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                RuntimeFailure.classify("exec: \"/etc/passwd\": permission denied"));
        assertEquals(ErrorKind.INTERNAL, RuntimeFailure.classify("can't get final child's PID from pipe: EOF"));
    }
}
