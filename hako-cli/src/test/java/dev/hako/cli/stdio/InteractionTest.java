package dev.hako.cli.stdio;

import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.cli.Cli;
import dev.hako.cli.FakeContainers;
import dev.hako.cli.FakeDaemon;
import dev.hako.cli.FakeTerminal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attach handshake: the daemon's empty message, its absence, its errors. */
class InteractionTest {
    @TempDir
    Path dir;
    private final FakeContainers containers = new FakeContainers();
    private FakeDaemon daemon;
    private Cli cli;

    @BeforeEach
    void start() throws Exception {
        daemon = FakeDaemon.start(dir, containers);
        cli = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), Map.of(Cli.SOCKET_ENV, daemon.socket().toString()),
                FakeTerminal.pipe(), null);
    }

    @AfterEach
    void stop() {
        cli.close();
        daemon.close();
    }

    private Interaction attach(String container) {
        StdioSession<AttachInput, AttachOutput> session = StdioSession.open(AttachProtocol.INSTANCE,
                cli.daemon().containersAsync()::attach, AttachProtocol.start(container, false));
        return new Interaction(cli, session);
    }

    @Test
    void theDaemonsEmptyMessageMeansAttached() throws Exception {
        try (Interaction io = attach("web")) {
            assertTrue(io.awaitReady(5000));
        }
    }

    @Test
    void aDaemonThatNeverConfirmsCostsTheTimeoutNotAHang() throws Exception {
        containers.silentAttach = true;
        try (Interaction io = attach("web")) {
            long start = System.nanoTime();
            assertFalse(io.awaitReady(200));
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
    }

    @Test
    void anAttachErrorIsTheDaemonsStatus() {
        containers.missingContainers.add("ghost");
        try (Interaction io = attach("ghost")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> io.awaitReady(5000));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        }
    }
}
