package dev.hako.cli;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailuresTest {
    private static final String URI = "unix:///run/hako/hako.sock";

    @Test
    void daemonStatusesAreTheDaemonsWords() {
        var e = Status.NOT_FOUND.withDescription("No such image: nope:latest").asRuntimeException();
        assertEquals("Error response from daemon: No such image: nope:latest", Failures.message(e, URI));
        assertEquals(1, Failures.exitCode(e));
        // UNAVAILABLE sent by hakod (a registry is down) is still the daemon speaking.
        var registryDown = Status.UNAVAILABLE.withDescription("registry localhost:5000 did not answer").asRuntimeException();
        assertEquals("Error response from daemon: registry localhost:5000 did not answer", Failures.message(registryDown, URI));
        assertEquals("Error response from daemon: INTERNAL", Failures.message(Status.INTERNAL.asRuntimeException(), URI));
    }

    @Test
    void connectFailuresMeanNoDaemon() {
        var refused = Status.UNAVAILABLE.withDescription("io exception").withCause(
                new dev.hako.ttrpc.ConnectFailure(new ConnectException("Connection refused"))).asRuntimeException();
        assertEquals("Cannot connect to the hako daemon at " + URI + ". Is hakod running?", Failures.message(refused, URI));
        var denied = Status.UNAVAILABLE.withDescription("io exception").withCause(
                new dev.hako.ttrpc.ConnectFailure(new IOException("connect(..) failed: Permission denied"))).asRuntimeException();
        assertEquals("permission denied while trying to connect to the hako daemon socket at " + URI, Failures.message(denied, URI));
        assertEquals(1, Failures.exitCode(refused));
    }

    @Test
    void aConnectionLostDuringTheCallIsNotAMissingDaemon() {
        var lost = Status.UNAVAILABLE.withDescription("the daemon closed the connection before the call ended")
                .withCause(new java.io.EOFException("the daemon closed the connection before the call ended")).asRuntimeException();
        assertEquals("the connection to the hako daemon at " + URI + " was lost during the call: the daemon closed the"
                + " connection before the call ended", Failures.message(lost, URI));
        assertEquals(1, Failures.exitCode(lost));
    }

    @Test
    void localErrorsUseGosWording() {
        assertEquals("open x.tar: no such file or directory", Failures.message(new NoSuchFileException("x.tar"), URI));
        assertEquals("open /root/x: permission denied",
                Failures.message(new UncheckedIOException(new AccessDeniedException("/root/x")), URI));
        assertEquals("cowardly refusing", Failures.message(new CliException("cowardly refusing"), URI));
        assertEquals(1, Failures.exitCode(new IllegalStateException("bug")));
    }
}
