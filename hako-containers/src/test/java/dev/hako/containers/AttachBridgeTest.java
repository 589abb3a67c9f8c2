package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.monitor.AttachSession;
import dev.hako.monitor.Stdio;
import dev.hako.sys.SysException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The attach bridge against a fake connection: frames to their sinks, input in, the exit last, detach leaves the container be. */
class AttachBridgeTest {
    private final CompletableFuture<AttachSession> connection = new CompletableFuture<>();
    private final CompletableFuture<ContainerExitStatus> containerExit = new CompletableFuture<>();
    private final ContainerService.Attachment attachment = new ContainerService.Attachment("c1", connection, containerExit);
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AttachBridge.Controls controls = new AttachBridge.Controls() {
        @Override
        public void resize(String id, int rows, int columns) {
            calls.add("resize " + id + " " + rows + "x" + columns);
        }

        @Override
        public void detach(ContainerService.Attachment a) {
            assertSame(attachment, a);
            calls.add("detach");
        }
    };

    @Test
    void framesReachTheirSinksAndTheExitComesAfterThemEvenIfTheContainerEndedFirst() throws Exception {
        FakeSession s = new FakeSession();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AttachBridge bridge = new AttachBridge(attachment, controls);
        bridge.start((d, o, n) -> events.add("out " + new String(d, o, n)), (d, o, n) -> events.add("err " + new String(d, o, n)));
        CompletableFuture<ContainerExitStatus> exit = bridge.exit().toCompletableFuture();
        exit.thenRun(() -> events.add("exit"));
        containerExit.complete(new ContainerExitStatus(2, false));
        connection.complete(s);
        s.send(Stdio.STDOUT, "a");
        s.send(Stdio.STDERR, "b");
        assertFalse(exit.isDone(), "the output has not ended");
        s.end();
        assertEquals(new ContainerExitStatus(2, false), exit.get(10, TimeUnit.SECONDS));
        bridge.awaitOutput();
        assertEquals(List.of("out a", "err b", "exit"), events);
    }

    @Test
    void inputWaitsForTheStartAndItsEndClosesTheClientsStdin() throws Exception {
        FakeSession s = new FakeSession();
        try (AttachBridge bridge = new AttachBridge(attachment, controls)) {
            bridge.feedStdin(new ByteArrayInputStream("typed".getBytes()));
            bridge.resize(30, 100);
            connection.complete(s); // the container starts
            assertTrue(s.stdinClosed.await(10, TimeUnit.SECONDS));
            assertEquals("typed", s.stdin.toString());
        }
        assertEquals(List.of("resize c1 30x100", "detach"), calls);
    }

    @Test
    void detachingEndsTheBridgeButNotTheContainer() throws Exception {
        FakeSession s = new FakeSession();
        AttachBridge bridge = new AttachBridge(attachment, controls);
        bridge.start(OutputSink.discard(), OutputSink.discard());
        connection.complete(s);
        bridge.close();
        bridge.close();
        assertEquals(List.of("detach"), calls, "once, however often it is closed");
        var noExit = assertThrows(java.util.concurrent.CompletionException.class,
                () -> bridge.exit().toCompletableFuture().join());
        assertTrue(noExit.getCause() instanceof CancellationException, "a client that went hears of no exit");
        bridge.writeStdin("late".getBytes(), 0, 4); // dropped
        assertFalse(containerExit.isDone());
    }

    @Test
    void aDetachBeforeTheStartReleasesInputThatWaitsForIt() throws Exception {
        AttachBridge bridge = new AttachBridge(attachment, controls);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try {
                bridge.writeStdin("x".getBytes(), 0, 1);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        bridge.close();
        written.get(10, TimeUnit.SECONDS);
        assertFalse(connection.isDone(), "the registry, not the bridge, gives up the waiting connection");
    }

    @Test
    void aConnectionThatFailsIsTheAttachsFailure() {
        AttachBridge bridge = new AttachBridge(attachment, controls);
        bridge.start(OutputSink.discard(), OutputSink.discard());
        IOException why = new IOException("the container did not start");
        connection.completeExceptionally(why);
        assertSame(why, assertThrows(IOException.class, bridge::awaitOutput));
        assertSame(why, assertThrows(IOException.class, () -> bridge.writeStdin("x".getBytes(), 0, 1)));
        assertThrows(java.util.concurrent.CompletionException.class, () -> bridge.exit().toCompletableFuture().join());
    }

    @Test
    void aSinkThatFailsIsAClientThatWentAndEndsTheAttach() throws Exception {
        FakeSession s = new FakeSession();
        AttachBridge bridge = new AttachBridge(attachment, controls);
        IOException gone = new IOException("the client went");
        bridge.start((d, o, n) -> {
            throw gone;
        }, OutputSink.discard());
        connection.complete(s);
        s.send(Stdio.STDOUT, "a");
        assertSame(gone, assertThrows(IOException.class, bridge::awaitOutput));
    }

    @Test
    void waitingForAConnectionThatDoesNotComeFails() {
        AttachBridge bridge = new AttachBridge(attachment, controls);
        IOException e = assertThrows(IOException.class, () -> bridge.awaitConnected(java.time.Duration.ofMillis(10)));
        assertTrue(e.getMessage().startsWith("cannot attach to container c1"), e.getMessage());
    }

    /** A connection whose frames the test sends. */
    static final class FakeSession implements AttachSession {
        private static final Frame END = new Frame(Stdio.STDOUT, new byte[0]);
        private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        final CountDownLatch stdinClosed = new CountDownLatch(1);

        void send(Stdio stream, String data) {
            frames.add(new Frame(stream, data.getBytes()));
        }

        void end() {
            frames.add(END);
        }

        @Override
        public Frame read() {
            try {
                Frame f = frames.take();
                return f == END ? null : f;
            } catch (InterruptedException e) {
                return null;
            }
        }

        @Override
        public synchronized void writeStdin(byte[] data, int offset, int length) {
            stdin.write(data, offset, length);
        }

        @Override
        public void closeStdin() {
            stdinClosed.countDown();
        }

        @Override
        public void close() {
            end();
        }
    }
}
