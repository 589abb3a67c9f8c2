package dev.hako.ttrpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call on its own connection, as stream 1. As with gRPC's channels, the call ends when the
 * gRPC {@link Context} it was started in is cancelled, and at its deadline (the earlier of the
 * context's and the call options'). Listener callbacks run one at a time, in order, through the
 * call's executor (the blocking stubs pass one that runs them on the waiting thread), and none
 * after onClose; messages are handed over only as the listener asks for them, which holds back the
 * reading of the socket and so the sender.
 */
final class TtrpcClientCall<Q, R> extends ClientCall<Q, R> {
    private static final int STREAM = 1;

    private final TtrpcChannel channel;
    private final MethodDescriptor<Q, R> method;
    private final CallOptions options;
    private final SerialExecutor callbacks;
    private final boolean clientStreams;
    private final boolean serverStreams;
    private final Context context = Context.current();
    private final Context.CancellationListener onContextCancelled = this::contextCancelled;

    private Listener<R> listener;
    private boolean closeDelivered; // touched only by callbacks, which never run at once

    // guarded by this
    private FrameStream connection;
    private ScheduledFuture<?> deadlineTimer;
    private byte[] request;
    private int requested;
    private boolean closed;
    private Status closedBeforeStart;
    private boolean headersDelivered;

    TtrpcClientCall(TtrpcChannel channel, MethodDescriptor<Q, R> method, CallOptions options) {
        this.channel = channel;
        this.method = method;
        this.options = options;
        this.callbacks = new SerialExecutor(options.getExecutor() != null ? options.getExecutor() : Runnable::run);
        this.clientStreams = !method.getType().clientSendsOneMessage();
        this.serverStreams = !method.getType().serverSendsOneMessage();
    }

    @Override
    public void start(Listener<R> listener, Metadata headers) {
        Status cancelledEarly;
        synchronized (this) {
            this.listener = listener;
            cancelledEarly = closedBeforeStart;
        }
        if (cancelledEarly != null) {
            deliverClose(cancelledEarly);
            return;
        }
        if (context.isCancelled()) {
            contextCancelled(context);
            return;
        }
        context.addListener(onContextCancelled, Runnable::run);
        Deadline deadline = deadline();
        if (deadline != null) {
            ScheduledFuture<?> timer = deadline.runOnExpiration(
                    () -> finish(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded")), Timers.DEADLINES);
            synchronized (this) {
                deadlineTimer = timer;
            }
        }
        FrameStream opened;
        try {
            opened = channel.connect();
        } catch (IOException e) {
            finish(Status.UNAVAILABLE.withDescription("cannot reach " + channel + ": " + e.getMessage())
                    .withCause(new ConnectFailure(e)));
            return;
        }
        synchronized (this) {
            if (closed) {
                opened.close(); // cancelled while connecting: onClose is on its way already
                return;
            }
            connection = opened;
        }
        if (clientStreams) {
            // The messages follow as data frames; the request carries none.
            send(requestFrame(Frame.REMOTE_OPEN, null));
        }
        Thread.ofPlatform().daemon().name("ttrpc-" + method.getBareMethodName()).start(this::readResponses);
        callback(listener::onReady);
    }

    @Override
    public void sendMessage(Q message) {
        byte[] bytes;
        try (InputStream stream = method.streamRequest(message)) {
            bytes = stream.readAllBytes();
        } catch (IOException e) {
            cancel("cannot serialise the request", e);
            return;
        }
        if (!clientStreams) {
            synchronized (this) {
                request = bytes; // sent with the request frame at halfClose
            }
            return;
        }
        send(new Frame(STREAM, Frame.DATA, (byte) 0, bytes));
    }

    @Override
    public void halfClose() {
        if (clientStreams) {
            send(new Frame(STREAM, Frame.DATA, (byte) (Frame.REMOTE_CLOSED | Frame.NO_DATA), new byte[0]));
            return;
        }
        // A unary request has no flags (ttrpc 1.0); a server-streaming one says the client is done.
        byte flags = serverStreams ? Frame.REMOTE_CLOSED : 0;
        byte[] payload;
        synchronized (this) {
            payload = request == null ? new byte[0] : request;
        }
        send(requestFrame(flags, payload));
    }

    @Override
    public synchronized void request(int count) {
        requested += count;
        notifyAll();
    }

    @Override
    public void cancel(String message, Throwable cause) {
        Status status = Status.CANCELLED;
        if (message != null) {
            status = status.withDescription(message);
        }
        finish(status.withCause(cause));
    }

    /** ttrpc has no flow control: a write waits in the socket instead. */
    @Override
    public synchronized boolean isReady() {
        return !closed;
    }

    private void contextCancelled(Context ended) {
        Deadline deadline = ended.getDeadline();
        if (deadline != null && deadline.isExpired()) {
            finish(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded (the call's context)"));
        } else {
            cancel("the call's context was cancelled", ended.cancellationCause());
        }
    }

    private Deadline deadline() {
        Deadline deadline = options.getDeadline();
        Deadline inherited = context.getDeadline();
        if (inherited != null && (deadline == null || inherited.isBefore(deadline))) {
            return inherited;
        }
        return deadline;
    }

    private Frame requestFrame(byte flags, byte[] payload) {
        String full = method.getFullMethodName();
        int slash = full.lastIndexOf('/');
        Deadline deadline = deadline();
        long timeout = deadline == null ? 0 : Math.max(1, deadline.timeRemaining(TimeUnit.NANOSECONDS));
        byte[] envelope = Envelope.encode(new Envelope.Request(full.substring(0, slash), full.substring(slash + 1), payload, timeout));
        return new Frame(STREAM, Frame.REQUEST, flags, envelope);
    }

    private void send(Frame frame) {
        FrameStream open;
        synchronized (this) {
            if (closed || connection == null) {
                return; // as gRPC: messages after the end are dropped
            }
            open = connection;
        }
        try {
            open.write(frame);
        } catch (FrameStream.FrameTooLargeException e) {
            finish(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()));
        } catch (IOException e) {
            // The reading thread sees the same broken connection and ends the call; say why here.
            finish(Status.UNAVAILABLE.withDescription("connection to the daemon lost: " + e.getMessage()).withCause(e));
        }
    }

    private void readResponses() {
        FrameStream open;
        synchronized (this) {
            open = connection;
        }
        try {
            for (Frame frame = open.read(); frame != null; frame = open.read()) {
                if (frame.streamId() != STREAM) {
                    continue;
                }
                if (frame.type() == Frame.DATA) {
                    if (!frame.has(Frame.NO_DATA)) {
                        deliver(frame.data());
                    }
                    if (frame.has(Frame.REMOTE_CLOSED)) {
                        finish(Status.OK);
                        return;
                    }
                } else if (frame.type() == Frame.RESPONSE) {
                    Envelope.Response response = Envelope.decodeResponse(frame.data());
                    // A unary response is a message even when empty (proto3 sends no bytes for it).
                    boolean message = response.payload() != null || (response.status().isOk() && !serverStreams);
                    if (message) {
                        deliver(response.payload() == null ? new byte[0] : response.payload());
                    }
                    finish(response.status());
                    return;
                }
            }
            // With a cause, as every transport failure: callers tell them from the daemon's own answers.
            EOFException end = new EOFException("the daemon closed the connection before the call ended");
            finish(Status.UNAVAILABLE.withDescription(end.getMessage()).withCause(end));
        } catch (IOException e) {
            finish(Status.UNAVAILABLE.withDescription("connection to the daemon lost: " + e.getMessage()).withCause(e));
        } catch (InterruptedException e) {
            finish(Status.CANCELLED.withCause(e));
        }
    }

    /** Waits until the listener has asked for another message, then hands this one over. */
    private void deliver(byte[] bytes) throws InterruptedException {
        R message;
        try {
            message = method.parseResponse(new ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            finish(Status.INTERNAL.withDescription("cannot parse the daemon's answer: " + e.getMessage()).withCause(e));
            return;
        }
        boolean firstMessage;
        synchronized (this) {
            while (requested == 0 && !closed) {
                wait();
            }
            if (closed) {
                return;
            }
            requested--;
            firstMessage = !headersDelivered;
            headersDelivered = true;
        }
        if (firstMessage) {
            callback(() -> listener.onHeaders(new Metadata()));
        }
        callback(() -> listener.onMessage(message));
    }

    /** A listener callback, in order, dropped once onClose ran; a listener that throws cancels the call, as under gRPC. */
    private void callback(Runnable call) {
        callbacks.execute(() -> {
            if (closeDelivered) {
                return;
            }
            try {
                call.run();
            } catch (RuntimeException e) {
                cancel("the call's listener failed: " + e, e);
            }
        });
    }

    private void deliverClose(Status status) {
        callbacks.execute(() -> {
            if (!closeDelivered) {
                closeDelivered = true;
                listener.onClose(status, new Metadata());
            }
        });
    }

    /** Ends the call once: closes its connection and tells the listener. */
    private void finish(Status status) {
        FrameStream open;
        ScheduledFuture<?> timer;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = connection;
            timer = deadlineTimer;
            notifyAll();
            if (listener == null) {
                closedBeforeStart = status; // cancelled before start: start() reports it
                return;
            }
        }
        context.removeListener(onContextCancelled);
        if (timer != null) {
            timer.cancel(false);
        }
        if (open != null) {
            open.close();
        }
        deliverClose(status);
    }
}
