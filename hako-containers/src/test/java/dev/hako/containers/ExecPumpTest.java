package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The exec pump against a fake process: output to its sinks, input in, the exit code last, cancel kills. */
class ExecPumpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void stdoutAndStderrReachTheirSinksAndTheExitCodeFollows() throws Exception {
        FakeExec p = new FakeExec(new ByteArrayInputStream("out".getBytes()), new ByteArrayInputStream("err".getBytes()));
        Collected out = new Collected();
        Collected err = new Collected();
        try (ExecPump pump = ExecPump.start(p, out, err)) {
            p.exit.complete(3);
            assertEquals(3, pump.awaitExit(WAIT).getAsInt());
        }
        assertEquals("out", out.text());
        assertEquals("err", err.text());
        assertTrue(p.closed, "closing the pump closes the process");
    }

    @Test
    void theExitCodeComesOnlyAfterTheOutputThatOutlivedTheProcess() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch waited = new CountDownLatch(1);
        // The last chunk is read only after the process was reaped: a terminal's buffer, a full pipe.
        InputStream late = new InputStream() {
            private final Iterator<String> chunks = List.of("first", "last").iterator();

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!chunks.hasNext()) {
                    return -1;
                }
                String chunk = chunks.next();
                if (chunk.equals("last")) {
                    try {
                        waited.await();
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                byte[] bytes = chunk.getBytes();
                System.arraycopy(bytes, 0, b, off, bytes.length);
                return bytes.length;
            }
        };
        FakeExec p = new FakeExec(late, InputStream.nullInputStream()) {
            @Override
            public int waitFor() {
                int code = super.waitFor();
                waited.countDown();
                return code;
            }
        };
        ExecPump pump = ExecPump.start(p, (data, offset, length) -> events.add(new String(data, offset, length)),
                OutputSink.discard());
        CompletableFuture<Integer> code = pump.exit().toCompletableFuture();
        code.thenRun(() -> events.add("exit"));
        p.exit.complete(0);
        assertEquals(0, code.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "last", "exit"), events);
    }

    @Test
    void theEndOfTheClientsStdinClosesTheProcesssStdin() throws Exception {
        FakeExec p = new FakeExec(InputStream.nullInputStream(), InputStream.nullInputStream());
        try (ExecPump pump = ExecPump.start(p, OutputSink.discard(), OutputSink.discard())) {
            pump.feedStdin(new ByteArrayInputStream("typed\n".getBytes()));
            assertTrue(p.stdinClosed.await(10, TimeUnit.SECONDS));
            assertEquals("typed\n", p.stdin.toString());
        }
    }

    @Test
    void aClientThatGoesKillsTheProcess() throws Exception {
        PipedStream out = new PipedStream();
        FakeExec p = new FakeExec(out, InputStream.nullInputStream()) {
            @Override
            public void terminate() {
                super.terminate();
                out.end();
                exit.complete(137);
            }
        };
        CompletableFuture<Void> gone = new CompletableFuture<>();
        try (ExecPump pump = ExecPump.start(p, OutputSink.discard(), OutputSink.discard())) {
            pump.cancelWhen(gone);
            assertTrue(pump.awaitExit(Duration.ofMillis(50)).isEmpty(), "it runs");
            gone.complete(null);
            assertEquals(137, pump.awaitExit(WAIT).getAsInt());
            assertTrue(p.terminated);
        }
    }

    @Test
    void aSinkThatFailsGetsNothingMoreButTheOutputIsReadToTheEnd() throws Exception {
        ByteArrayInputStream out = new ByteArrayInputStream(new byte[1024 * 1024]);
        FakeExec p = new FakeExec(out, InputStream.nullInputStream());
        int[] writes = {0};
        OutputSink gone = (data, offset, length) -> {
            writes[0]++;
            throw new IOException("the client went");
        };
        try (ExecPump pump = ExecPump.start(p, gone, OutputSink.discard())) {
            p.exit.complete(0);
            assertEquals(0, pump.awaitExit(WAIT).getAsInt());
        }
        assertEquals(1, writes[0]);
        assertEquals(0, out.available(), "read to the end: the process never blocks on a full pipe");
    }

    @Test
    void anOutputWhoseReadFailsKeepsWhatCameBefore() throws Exception {
        InputStream killed = new InputStream() {
            private int left = 3;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'a';
                }
                throw new IOException("the process was killed");
            }
        };
        FakeExec p = new FakeExec(killed, InputStream.nullInputStream());
        Collected out = new Collected();
        try (ExecPump pump = ExecPump.start(p, out, OutputSink.discard())) {
            p.exit.complete(137);
            assertEquals(137, pump.awaitExit());
        }
        assertEquals("aaa", out.text());
    }

    @Test
    void inputAndSizesAfterTheEndAreDropped() throws Exception {
        FakeExec p = new FakeExec(InputStream.nullInputStream(), InputStream.nullInputStream());
        try (ExecPump pump = ExecPump.start(p, OutputSink.discard(), OutputSink.discard())) {
            p.exit.complete(0);
            pump.awaitExit();
            p.ended = true;
            pump.writeStdin("late".getBytes(), 0, 4);
            pump.closeStdin();
            pump.resize(10, 20);
        }
    }

    @Test
    void theClientsFeedsStopWhenTheProcessEnds() throws Exception {
        PipedStream stdin = new PipedStream();
        FakeExec p = new FakeExec(InputStream.nullInputStream(), InputStream.nullInputStream());
        CountDownLatch sizesAsked = new CountDownLatch(2);
        try (ExecPump pump = ExecPump.start(p, OutputSink.discard(), OutputSink.discard())) {
            pump.feedStdin(stdin);
            Iterator<WindowSize> sizes = List.of(new WindowSize(24, 80)).iterator();
            pump.feedResizes(() -> {
                sizesAsked.countDown();
                if (sizes.hasNext()) {
                    return sizes.next();
                }
                new CountDownLatch(1).await(); // a client that sends no more sizes
                return null;
            });
            assertTrue(sizesAsked.await(10, TimeUnit.SECONDS));
            p.exit.complete(0);
            pump.awaitExit();
            assertTrue(stdin.closed.await(10, TimeUnit.SECONDS), "the stdin feed stopped");
        }
        assertEquals(List.of("24x80"), p.resizes);
        assertFalse(p.stdinClosed.getCount() == 0, "an interrupted feed is not an end of input");
    }

    /** Collects what it is given. */
    static final class Collected implements OutputSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(byte[] data, int offset, int length) {
            bytes.write(data, offset, length);
        }

        synchronized String text() {
            return bytes.toString();
        }
    }

    /** A stream that waits for data nobody sends, until it is ended or closed. */
    static final class PipedStream extends InputStream {
        final CountDownLatch closed = new CountDownLatch(1);
        private final CountDownLatch ended = new CountDownLatch(1);

        void end() {
            ended.countDown();
        }

        @Override
        public int read() throws IOException {
            try {
                ended.await();
                return -1;
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    /** A process that exits when the test says, with the streams the test gives. */
    static class FakeExec implements ExecProcess {
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        final CountDownLatch stdinClosed = new CountDownLatch(1);
        final List<String> resizes = Collections.synchronizedList(new ArrayList<>());
        private final InputStream stdout;
        private final InputStream stderr;
        volatile boolean ended;
        volatile boolean terminated;
        volatile boolean closed;

        FakeExec(InputStream stdout, InputStream stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public boolean tty() {
            return false;
        }

        @Override
        public InputStream stdout() {
            return stdout;
        }

        @Override
        public InputStream stderr() {
            return stderr;
        }

        @Override
        public synchronized void writeStdin(byte[] data) throws IOException {
            if (ended) {
                throw new IOException("Broken pipe");
            }
            stdin.write(data);
        }

        @Override
        public void closeStdin() throws IOException {
            if (ended) {
                throw new IOException("Stream closed");
            }
            stdinClosed.countDown();
        }

        @Override
        public void resize(int rows, int columns) throws IOException {
            if (ended) {
                throw new IOException("closed terminal");
            }
            resizes.add(rows + "x" + columns);
        }

        @Override
        public int waitFor() {
            return exit.join();
        }

        @Override
        public void terminate() {
            terminated = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
