package dev.hako.cli.commands;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.LogEntry;
import dev.hako.api.v1.LogsRequest;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeContainers;
import dev.hako.cli.FakeDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogsCommandTest {
    @TempDir
    Path dir;
    private final FakeContainers containers = new FakeContainers();
    private FakeDaemon daemon;
    private CliRunner hako;

    @BeforeEach
    void start() throws Exception {
        daemon = FakeDaemon.start(dir, containers);
        hako = new CliRunner().socket(daemon.socket());
        containers.logs.add(entry("stdout", "hello\n", "2025-06-01T12:00:00.123456789Z"));
        containers.logs.add(entry("stderr", "oops\n", "2025-06-01T14:00:01.5+02:00"));
        containers.logs.add(entry("stdout", "no newline", "2025-06-01T12:00:02Z"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private static LogEntry entry(String stream, String data, String timestamp) {
        return LogEntry.newBuilder().setStream(stream).setData(ByteString.copyFromUtf8(data)).setTimestamp(timestamp).build();
    }

    private LogsRequest sent() {
        return (LogsRequest) containers.requests.getLast();
    }

    @Test
    void entriesGoToTheirStreamsUnchanged() {
        Result r = hako.run("logs", "web");
        assertEquals(0, r.status(), r::toString);
        assertEquals("hello\nno newline", r.out());
        assertEquals("oops\n", r.err());
        assertEquals("web", sent().getContainer());
        assertEquals(-1, sent().getTail());
        assertFalse(sent().getFollow());
        assertFalse(sent().getTimestamps());
    }

    @Test
    void timestampsAreDockersFixedNanosecondsInUtc() {
        Result r = hako.run("logs", "-t", "--tail", "3", "-f", "web");
        assertEquals("2025-06-01T12:00:00.123456789Z hello\n2025-06-01T12:00:02.000000000Z no newline", r.out());
        assertEquals("2025-06-01T12:00:01.500000000Z oops\n", r.err());
        assertEquals(3, sent().getTail());
        assertTrue(sent().getFollow());
        assertTrue(sent().getTimestamps());
    }

    @Test
    void tailTakesAllOrANumber() {
        hako.run("logs", "-n", "all", "web");
        assertEquals(-1, sent().getTail());
        hako.run("logs", "--tail=0", "web");
        assertEquals(0, sent().getTail());
        Result r = hako.run("logs", "--tail", "ten", "web");
        assertEquals(125, r.status());
        assertEquals("invalid argument \"ten\" for \"-n, --tail\" flag: must be \"all\" or a number\nSee 'hako logs --help'.\n",
                r.err());
    }

    @Test
    void noSuchContainer() {
        containers.missingContainers.add("nope");
        Result r = hako.run("logs", "nope");
        assertEquals(1, r.status());
        assertEquals("Error response from daemon: No such container: nope\n", r.err());
    }
}
