package dev.hako.ttrpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of gRPC call through a real unix socket, with gRPC's own stub helpers on both ends. */
class TtrpcCallsTest {
    static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static final MethodDescriptor<String, String> ECHO = method(MethodType.UNARY, "Echo");
    static final MethodDescriptor<String, String> COUNT = method(MethodType.SERVER_STREAMING, "Count");
    static final MethodDescriptor<String, String> JOIN = method(MethodType.CLIENT_STREAMING, "Join");
    static final MethodDescriptor<String, String> CHAT = method(MethodType.BIDI_STREAMING, "Chat");
    static final MethodDescriptor<String, String> HANG = method(MethodType.UNARY, "Hang");
    static final MethodDescriptor<String, String> MISSING = method(MethodType.UNARY, "Missing");

    static MethodDescriptor<String, String> method(MethodType type, String name) {
        return MethodDescriptor.newBuilder(TEXT, TEXT).setType(type).setFullMethodName("test.Echo/" + name).build();
    }

    @TempDir
    Path dir;
    Path socket;
    ExecutorService pool;
    TtrpcServer server;
    TtrpcChannel channel;
    final CountDownLatch hanging = new CountDownLatch(1);
    final CompletableFuture<String> hangEnded = new CompletableFuture<>();

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("test.sock.ttrpc");
        pool = Executors.newCachedThreadPool();
        server = TtrpcServer.start(socket, List.of(service()), pool);
        channel = new TtrpcChannel(socket);
    }

    @AfterEach
    void stop() {
        channel.close();
        server.close();
        pool.shutdownNow();
    }

    ServerServiceDefinition service() {
        return ServerServiceDefinition.builder("test.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((String request, StreamObserver<String> out) -> {
                    if (request.startsWith("fail")) {
                        out.onError(Status.NOT_FOUND.withDescription("no such thing: " + request).asRuntimeException());
                    } else if (request.startsWith("big")) {
                        out.onNext("x".repeat(Frame.MAX_DATA + 1));
                        out.onCompleted();
                    } else {
                        out.onNext(request.isEmpty() ? "" : "echo " + request);
                        out.onCompleted();
                    }
                }))
                .addMethod(COUNT, ServerCalls.asyncServerStreamingCall((String request, StreamObserver<String> out) -> {
                    int n = Integer.parseInt(request.replace("!", ""));
                    for (int i = 1; i <= n; i++) {
                        out.onNext(Integer.toString(i));
                    }
                    if (request.endsWith("!")) {
                        out.onError(Status.ABORTED.withDescription("stopped after " + n).asRuntimeException());
                    } else {
                        out.onCompleted();
                    }
                }))
                .addMethod(JOIN, ServerCalls.asyncClientStreamingCall((StreamObserver<String> out) -> new StreamObserver<String>() {
                    final StringBuilder joined = new StringBuilder();

                    @Override
                    public void onNext(String value) {
                        joined.append(value);
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {
                        out.onNext(joined.toString());
                        out.onCompleted();
                    }
                }))
                .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall((StreamObserver<String> out) -> new StreamObserver<String>() {
                    @Override
                    public void onNext(String value) {
                        out.onNext("re: " + value);
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {
                        out.onCompleted();
                    }
                }))
                .addMethod(HANG, ServerCalls.asyncUnaryCall((String request, StreamObserver<String> out) -> {
                    ServerCallStreamObserver<String> call = (ServerCallStreamObserver<String>) out;
                    call.setOnCancelHandler(() -> hangEnded.complete(io.grpc.Context.current().isCancelled() ? "cancelled" : "cancel, context live"));
                    hanging.countDown();
                }))
                .build();
    }

    @Test
    void unaryCallsAnswerIncludingEmptyMessages() {
        assertEquals("echo hi", ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "hi"));
        // Empty messages have no bytes on the wire: the call must still carry one each way.
        assertEquals("", ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, ""));
    }

    @Test
    void aPeerTheServerRefusesIsHungUpOnBeforeAnyCall() throws IOException {
        Path refusing = dir.resolve("refusing.sock.ttrpc");
        List<jdk.net.UnixDomainPrincipal> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TtrpcServer closed = TtrpcServer.start(refusing, List.of(service()), pool, peer -> {
            seen.add(peer);
            return false;
        })) {
            TtrpcChannel client = new TtrpcChannel(refusing);
            try {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(client, ECHO, CallOptions.DEFAULT, "hi"));
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getMessage());
            } finally {
                client.close();
            }
        }
        assertEquals(System.getProperty("user.name"), seen.getFirst().user().getName(), "the kernel's view of the peer");
    }

    @Test
    void aFailedCallKeepsItsCodeAndDescription() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "fail-7"));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("no such thing: fail-7", e.getStatus().getDescription());
    }

    @Test
    void serverStreamsEndWellOrWithTheirError() {
        List<String> got = new ArrayList<>();
        ClientCalls.blockingServerStreamingCall(channel, COUNT, CallOptions.DEFAULT, "5").forEachRemaining(got::add);
        assertEquals(List.of("1", "2", "3", "4", "5"), got);

        Iterator<String> failing = ClientCalls.blockingServerStreamingCall(channel, COUNT, CallOptions.DEFAULT, "2!");
        assertEquals("1", failing.next());
        assertEquals("2", failing.next());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, failing::hasNext);
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertEquals("stopped after 2", e.getStatus().getDescription());
    }

    @Test
    void clientStreamsArriveInOrderThroughASlowHandlerWithoutLoss() throws Exception {
        Results results = new Results();
        StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(channel.newCall(JOIN, CallOptions.DEFAULT), results);
        StringBuilder expected = new StringBuilder();
        // More than the reader queues for one call: the socket must hold the client back, not drop.
        for (int i = 0; i < 200; i++) {
            String chunk = i + ":" + "y".repeat(8000) + ";";
            expected.append(chunk);
            requests.onNext(chunk);
        }
        requests.onCompleted();
        assertEquals(List.of(expected.toString()), results.await());
    }

    @Test
    void bidiStreamsTalkBothWays() throws Exception {
        Results results = new Results();
        StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(CHAT, CallOptions.DEFAULT), results);
        requests.onNext("a");
        requests.onNext("b");
        requests.onCompleted();
        assertEquals(List.of("re: a", "re: b"), results.await());
    }

    @Test
    void cancellingACallCancelsTheHandlersContext() throws Exception {
        ClientCall<String, String> call = channel.newCall(HANG, CallOptions.DEFAULT);
        var answer = ClientCalls.futureUnaryCall(call, "wait");
        assertTrue(hanging.await(5, TimeUnit.SECONDS), "the handler never started");
        answer.cancel(true);
        assertEquals("cancelled", hangEnded.get(5, TimeUnit.SECONDS));
    }

    @Test
    void cancellingTheCallersContextCancelsTheCall() throws Exception {
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        CompletableFuture<Status.Code> client = new CompletableFuture<>();
        Thread.ofPlatform().start(context.wrap(() -> {
            try {
                ClientCalls.blockingUnaryCall(channel, HANG, CallOptions.DEFAULT, "wait");
                client.complete(Status.Code.OK);
            } catch (StatusRuntimeException e) {
                client.complete(e.getStatus().getCode());
            }
        }));
        assertTrue(hanging.await(5, TimeUnit.SECONDS), "the handler never started");
        context.cancel(null);
        assertEquals(Status.Code.CANCELLED, client.get(5, TimeUnit.SECONDS));
        assertEquals("cancelled", hangEnded.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aCallCancelledBeforeItStartsClosesAtStart() throws Exception {
        ClientCall<String, String> call = channel.newCall(ECHO, CallOptions.DEFAULT);
        call.cancel("changed my mind", null);
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, io.grpc.Metadata trailers) {
                closed.complete(status);
            }
        }, new io.grpc.Metadata());
        Status status = closed.get(5, TimeUnit.SECONDS);
        assertEquals(Status.Code.CANCELLED, status.getCode());
        assertEquals("changed my mind", status.getDescription());
    }

    @Test
    void aDeadlineEndsTheCallOnBothSides() throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, HANG, CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS), "wait"));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertEquals("cancelled", hangEnded.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aDeadlineHoldsAgainstAServerThatNeverAnswers() throws Exception {
        Path silent = dir.resolve("silent.sock");
        try (var listening = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            listening.bind(java.net.UnixDomainSocketAddress.of(silent));
            // Accepts (the kernel does, into the backlog) and never reads or writes.
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    new TtrpcChannel(silent), ECHO, CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS), "x"));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        }
    }

    @Test
    void unknownMethodsAreUnimplemented() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, MISSING, CallOptions.DEFAULT, "x"));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("test.Echo/Missing"), e.getStatus().getDescription());
    }

    @Test
    void noServerMeansUnavailable() {
        TtrpcChannel nowhere = new TtrpcChannel(dir.resolve("nobody.sock"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(nowhere, ECHO, CallOptions.DEFAULT, "x"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getCause() instanceof ConnectFailure, "the call never reached a server: " + e);
    }

    @Test
    void aServerThatGoesDuringTheCallIsNotAConnectFailure() throws Exception {
        CompletableFuture<StatusRuntimeException> failed = CompletableFuture.supplyAsync(() -> assertThrows(
                StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(channel, HANG, CallOptions.DEFAULT, "x")));
        assertTrue(hanging.await(10, java.util.concurrent.TimeUnit.SECONDS), "the call reached the server");
        server.close();
        StatusRuntimeException e = failed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertFalse(e.getStatus().getCause() instanceof ConnectFailure, "the server had the call: " + e);
    }

    @Test
    void messagesOverTheFrameLimitAreRefusedBothWays() {
        StatusRuntimeException sending = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, ECHO, CallOptions.DEFAULT, "z".repeat(Frame.MAX_DATA + 1)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, sending.getStatus().getCode());
        StatusRuntimeException answering = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "big"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, answering.getStatus().getCode());
        // The server is still serving.
        assertEquals("echo after", ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "after"));
    }

    @Test
    void theConnectionOpenedAheadServesTheFirstCall() throws IOException {
        channel.connectAhead();
        assertEquals("echo one", ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "one"));
        assertEquals("echo two", ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "two"));
    }

    /** Collects a call's responses; await() gives them once the call ended well, or throws its error. */
    static final class Results implements StreamObserver<String> {
        final List<String> values = new ArrayList<>();
        final CompletableFuture<List<String>> done = new CompletableFuture<>();

        @Override
        public synchronized void onNext(String value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public synchronized void onCompleted() {
            done.complete(List.copyOf(values));
        }

        List<String> await() throws Exception {
            return done.get(10, TimeUnit.SECONDS);
        }
    }
}
