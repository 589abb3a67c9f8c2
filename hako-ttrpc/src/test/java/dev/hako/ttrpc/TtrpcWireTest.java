package dev.hako.ttrpc;

import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The server against hand-made frames: several streams on one connection, and hostile input. */
class TtrpcWireTest {
    @TempDir
    Path dir;
    Path socket;
    ExecutorService pool;
    TtrpcServer server;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("wire.sock.ttrpc");
        pool = Executors.newCachedThreadPool();
        TtrpcCallsTest calls = new TtrpcCallsTest();
        server = TtrpcServer.start(socket, List.of(calls.service()), pool);
    }

    @AfterEach
    void stop() {
        server.close();
        pool.shutdownNow();
    }

    static Frame unary(int stream, String method, String message) {
        byte[] envelope = Envelope.encode(new Envelope.Request("test.Echo", method, message.getBytes(StandardCharsets.UTF_8), 0));
        return new Frame(stream, Frame.REQUEST, (byte) 0, envelope);
    }

    @Test
    void streamsOnOneConnectionAreAnsweredEachUnderItsID() throws IOException {
        try (FrameStream client = FrameStream.connect(socket)) {
            client.write(unary(1, "Echo", "one"));
            client.write(unary(3, "Echo", "three"));
            Map<Integer, String> answers = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                Frame frame = client.read();
                assertEquals(Frame.RESPONSE, frame.type());
                Envelope.Response response = Envelope.decodeResponse(frame.data());
                assertEquals(Status.Code.OK, response.status().getCode());
                answers.put(frame.streamId(), new String(response.payload(), StandardCharsets.UTF_8));
            }
            assertEquals(Map.of(1, "echo one", 3, "echo three"), answers);
        }
    }

    @Test
    void aServerStreamEndsWithAnEmptyClosingDataFrame() throws IOException {
        try (FrameStream client = FrameStream.connect(socket)) {
            byte[] envelope = Envelope.encode(new Envelope.Request("test.Echo", "Count", "2".getBytes(StandardCharsets.UTF_8), 0));
            client.write(new Frame(1, Frame.REQUEST, Frame.REMOTE_CLOSED, envelope));
            assertArrayEquals("1".getBytes(StandardCharsets.UTF_8), client.read().data());
            assertArrayEquals("2".getBytes(StandardCharsets.UTF_8), client.read().data());
            Frame end = client.read();
            assertEquals(Frame.DATA, end.type());
            assertEquals(Frame.REMOTE_CLOSED | Frame.NO_DATA, end.flags());
        }
    }

    @Test
    void evenOrReusedStreamIDsAreRefused() throws IOException {
        try (FrameStream client = FrameStream.connect(socket)) {
            client.write(unary(2, "Echo", "even"));
            assertRefused(client.read(), 2, Status.Code.INVALID_ARGUMENT);
            client.write(unary(5, "Echo", "five"));
            assertEquals(Status.Code.OK, Envelope.decodeResponse(client.read().data()).status().getCode());
            client.write(unary(5, "Echo", "again"));
            assertRefused(client.read(), 5, Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void aMalformedRequestIsRefusedAndTheConnectionGoesOn() throws IOException {
        try (FrameStream client = FrameStream.connect(socket)) {
            client.write(new Frame(1, Frame.REQUEST, (byte) 0, new byte[] {(byte) 0x0a, (byte) 0x7f, 1}));
            assertRefused(client.read(), 1, Status.Code.INVALID_ARGUMENT);
            client.write(unary(3, "Echo", "still here"));
            assertEquals("echo still here", new String(Envelope.decodeResponse(client.read().data()).payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFrameOverTheLimitClosesThatConnectionOnly() throws IOException {
        try (var raw = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            raw.connect(java.net.UnixDomainSocketAddress.of(socket));
            ByteBuffer header = ByteBuffer.allocate(Frame.HEADER_BYTES).putInt(Frame.MAX_DATA + 1).putInt(1).put(Frame.REQUEST).put((byte) 0);
            raw.write(header.flip());
            FrameStream frames = new FrameStream(raw);
            assertNull(frames.read(), "the server should have closed the connection");
        }
        TtrpcChannel channel = new TtrpcChannel(socket);
        assertEquals("echo fine", ClientCalls.blockingUnaryCall(channel, TtrpcCallsTest.ECHO, CallOptions.DEFAULT, "fine"));
    }

    private static void assertRefused(Frame frame, int stream, Status.Code code) throws IOException {
        assertEquals(stream, frame.streamId());
        assertEquals(Frame.RESPONSE, frame.type());
        assertEquals(code, Envelope.decodeResponse(frame.data()).status().getCode());
    }
}
