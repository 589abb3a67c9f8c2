package dev.hako.ttrpc;

import io.grpc.ServerMethodDefinition;
import io.grpc.Status;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One client connection: reads frames, starts a call per request frame, routes data frames to it. */
final class ServerConnection {
    private final TtrpcServer server;
    private final FrameStream frames;
    private final Map<Integer, TtrpcServerCall<?, ?>> calls = new ConcurrentHashMap<>();
    private int lastStreamId;

    ServerConnection(TtrpcServer server, FrameStream frames) {
        this.server = server;
        this.frames = frames;
    }

    void serve() {
        try {
            for (Frame frame = frames.read(); frame != null; frame = frames.read()) {
                switch (frame.type()) {
                    case Frame.REQUEST -> startCall(frame);
                    case Frame.DATA -> data(frame);
                    default -> { } // unknown types are ignored, for later versions of the protocol
                }
            }
        } catch (IOException | RuntimeException e) {
            // A client that goes away mid-frame is the same as one that goes away between frames.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void startCall(Frame frame) throws IOException, InterruptedException {
        int id = frame.streamId();
        if ((id & 1) == 0 || Integer.compareUnsigned(id, lastStreamId) <= 0) {
            respond(id, Status.INVALID_ARGUMENT.withDescription("stream ID " + Integer.toUnsignedString(id)
                    + " must be odd and larger than the last one"));
            return;
        }
        lastStreamId = id;
        Envelope.Request request;
        try {
            request = Envelope.decodeRequest(frame.data());
        } catch (IOException e) {
            respond(id, Status.INVALID_ARGUMENT.withDescription("malformed ttrpc request: " + e.getMessage()));
            return;
        }
        ServerMethodDefinition<?, ?> method = server.method(request.fullMethodName());
        if (method == null) {
            respond(id, Status.UNIMPLEMENTED.withDescription("unknown method " + request.fullMethodName()));
            return;
        }
        TtrpcServerCall<?, ?> call = new TtrpcServerCall<>(this, id, method, request.timeoutNanos(), server.executor());
        calls.put(id, call); // before it starts: a call may end at once, and then it must be found to be removed
        call.start();
        boolean clientStreams = !method.getMethodDescriptor().getType().clientSendsOneMessage();
        // A unary or server-streaming request carries its message, even an empty one (no payload bytes).
        if (request.payload() != null || !clientStreams) {
            call.inbound(request.payload() == null ? new byte[0] : request.payload());
        }
        if (!clientStreams || frame.has(Frame.REMOTE_CLOSED)) {
            call.inboundClosed();
        }
    }

    private void data(Frame frame) throws InterruptedException {
        TtrpcServerCall<?, ?> call = calls.get(frame.streamId());
        if (call == null) {
            return; // the call has ended; late data is dropped
        }
        if (!frame.has(Frame.NO_DATA)) {
            call.inbound(frame.data());
        }
        if (frame.has(Frame.REMOTE_CLOSED)) {
            call.inboundClosed();
        }
    }

    private void respond(int id, Status status) throws IOException {
        frames.write(new Frame(id, Frame.RESPONSE, (byte) 0, Envelope.encode(new Envelope.Response(status, null))));
    }

    void write(Frame frame) throws IOException {
        frames.write(frame);
    }

    void ended(int id) {
        calls.remove(id);
    }

    /** The connection is gone: every call still on it is cancelled, as a client that disconnects. */
    void close() {
        frames.close();
        for (TtrpcServerCall<?, ?> call : List.copyOf(calls.values())) {
            call.cancelled(Status.CANCELLED.withDescription("client disconnected"));
        }
        calls.clear();
        server.closed(this);
    }
}
