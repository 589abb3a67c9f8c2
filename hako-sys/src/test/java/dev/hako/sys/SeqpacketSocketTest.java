package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqpacketSocketTest {
    @TempDir
    Path dir;

    private static String text(byte[] buffer, int n) {
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void keepsMessageBoundariesBothWays() throws Throwable {
        Path path = dir.resolve("s");
        try (SeqpacketServer server = new SeqpacketServer(path); SeqpacketSocket client = SeqpacketSocket.connect(path)) {
            int connection = server.accept();
            try {
                SeqpacketServer.send(connection, "one");
                SeqpacketServer.send(connection, "two");
                byte[] buffer = new byte[100];
                assertEquals("one", text(buffer, client.receive(buffer)));
                assertEquals("two", text(buffer, client.receive(buffer)));

                byte[] hello = "xhellox".getBytes(StandardCharsets.UTF_8);
                client.send(hello, 1, 5);
                client.send(hello, 0, 1);
                assertEquals("hello", SeqpacketServer.receive(connection));
                assertEquals("x", SeqpacketServer.receive(connection));
            } finally {
                FileDescriptors.closeQuietly(connection);
            }
        }
    }

    @Test
    void shutdownOutputEndsThePeersInputButKeepsReceiving() throws Throwable {
        Path path = dir.resolve("s");
        try (SeqpacketServer server = new SeqpacketServer(path); SeqpacketSocket client = SeqpacketSocket.connect(path)) {
            int connection = server.accept();
            try {
                client.shutdownOutput();
                assertNull(SeqpacketServer.receive(connection), "the server reads the end of its input");
                SeqpacketServer.send(connection, "still here");
                byte[] buffer = new byte[100];
                assertEquals("still here", text(buffer, client.receive(buffer)));
            } finally {
                FileDescriptors.closeQuietly(connection);
            }
            byte[] buffer = new byte[100];
            assertEquals(-1, client.receive(buffer), "closed by the peer");
        }
    }

    @Test
    void reachesSocketsWhosePathIsLongerThanSunPath() throws Throwable {
        Path deep = dir;
        while (deep.toString().length() < 150) {
            deep = deep.resolve("a-rather-long-directory-name");
        }
        Files.createDirectories(deep);
        Path path = deep.resolve("attach");
        assertTrue(path.toString().length() > 107);
        try (SeqpacketServer server = new SeqpacketServer(path); SeqpacketSocket client = SeqpacketSocket.connect(path)) {
            int connection = server.accept();
            try {
                SeqpacketServer.send(connection, "far away");
                byte[] buffer = new byte[100];
                assertEquals("far away", text(buffer, client.receive(buffer)));
            } finally {
                FileDescriptors.closeQuietly(connection);
            }
        }
    }

    @Test
    void closeWakesABlockedReceiver() throws Throwable {
        Path path = dir.resolve("s");
        try (SeqpacketServer server = new SeqpacketServer(path)) {
            SeqpacketSocket client = SeqpacketSocket.connect(path);
            int connection = server.accept();
            try {
                CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.receive(new byte[10]);
                    } catch (SysException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(100);
                client.close();
                assertEquals(-1, received.get(5, TimeUnit.SECONDS));
                assertThrows(SysException.class, () -> client.send(new byte[1], 0, 1));
            } finally {
                FileDescriptors.closeQuietly(connection);
            }
        }
    }

    @Test
    void connectingToNothingNamesThePath() {
        Path missing = dir.resolve("missing");
        SysException e = assertThrows(SysException.class, () -> SeqpacketSocket.connect(missing));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
