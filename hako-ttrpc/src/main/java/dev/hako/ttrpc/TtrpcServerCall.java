package dev.hako.ttrpc;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of one ttrpc stream, as a gRPC {@link ServerCall}: the handler sees the same
 * contract as under the gRPC server (messages only as requested, callbacks one at a time in a
 * cancellable context). ttrpc has no flow control of its own, so the connection's reader waits
 * while too many unrequested messages are queued, which holds the client back through the socket.
 * While it waits, the connection's other streams wait too, and a client that goes away is noticed
 * only once the handler asks for more or writes: hako's CLI opens a connection per call.
 */
final class TtrpcServerCall<Q, R> extends ServerCall<Q, R> {
    private static final Logger LOG = Logger.getLogger(TtrpcServerCall.class.getName());
    private static final int MAX_QUEUED = 16;

    private final ServerConnection connection;
    private final int id;
    private final MethodDescriptor<Q, R> method;
    private final ServerCallHandler<Q, R> handler;
    private final boolean serverStreams;
    private final Executor pool;
    private final SerialExecutor callbacks;
    private final Context.CancellableContext context;

    private Listener<Q> listener; // set by the first callback, read only by later ones
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private int requested;
    private boolean inboundClosed;
    private boolean halfCloseDelivered;
    private boolean closed;
    private boolean cancelled;
    private byte[] response;

    /** A call on {@code connection}, not started yet: the connection files it first, then starts it. */
    TtrpcServerCall(ServerConnection connection, int id, ServerMethodDefinition<Q, R> definition, long timeoutNanos, Executor pool) {
        this.connection = connection;
        this.id = id;
        this.method = definition.getMethodDescriptor();
        this.handler = definition.getServerCallHandler();
        this.serverStreams = !method.getType().serverSendsOneMessage();
        this.pool = pool;
        this.callbacks = new SerialExecutor(pool);
        this.context = timeoutNanos > 0
                ? Context.ROOT.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS, Timers.DEADLINES)
                : Context.ROOT.withCancellation();
    }

    /** Hands the call to its handler (on the pool) and, if it has a deadline, watches for it. */
    void start() {
        callbacks.execute(() -> inContext(() -> {
            listener = handler.startCall(this, new Metadata());
            listener.onReady();
        }));
        if (context.getDeadline() != null) {
            context.addListener(ended -> deadlineReached(), Runnable::run);
        }
    }

    /** A message from the client; waits while the handler is far behind. */
    void inbound(byte[] bytes) throws InterruptedException {
        synchronized (this) {
            while (inbound.size() >= MAX_QUEUED && !closed && !cancelled) {
                wait();
            }
            if (closed || cancelled || inboundClosed) {
                return; // nothing reaches a handler after its call ended or after the client's half-close
            }
            inbound.add(bytes);
        }
        callbacks.execute(this::deliverRequested);
    }

    /** The client sends nothing more. */
    void inboundClosed() {
        synchronized (this) {
            inboundClosed = true;
        }
        callbacks.execute(this::deliverRequested);
    }

    @Override
    public void request(int count) {
        synchronized (this) {
            requested += count;
        }
        callbacks.execute(this::deliverRequested);
    }

    /** Runs on the call's serial executor: hands over what was asked for, then the half-close. */
    private void deliverRequested() {
        while (true) {
            byte[] next;
            synchronized (this) {
                if (closed || cancelled || listener == null) {
                    return;
                }
                if (requested > 0 && !inbound.isEmpty()) {
                    requested--;
                    next = inbound.poll();
                    notifyAll();
                } else if (inbound.isEmpty() && inboundClosed && !halfCloseDelivered) {
                    halfCloseDelivered = true;
                    next = null;
                } else {
                    return;
                }
            }
            if (next == null) {
                inContext(listener::onHalfClose);
                return;
            }
            Q message;
            try {
                message = method.parseRequest(new ByteArrayInputStream(next));
            } catch (RuntimeException e) {
                close(Status.INTERNAL.withDescription("cannot parse the request: " + e.getMessage()), new Metadata());
                return;
            }
            inContext(() -> listener.onMessage(message));
        }
    }

    @Override
    public void sendHeaders(Metadata headers) {
        // ttrpc has no headers; hako sends none.
    }

    @Override
    public void sendMessage(R message) {
        byte[] bytes;
        try (InputStream stream = method.streamResponse(message)) {
            bytes = stream.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the response", e);
        }
        synchronized (this) {
            if (closed || cancelled) {
                return;
            }
            if (!serverStreams) {
                response = bytes; // sent in the response frame at close
                return;
            }
        }
        try {
            connection.write(new Frame(id, Frame.DATA, (byte) 0, bytes));
        } catch (FrameStream.FrameTooLargeException e) {
            close(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()), new Metadata());
        } catch (IOException e) {
            cancelled(Status.CANCELLED.withDescription("client disconnected"));
        }
    }

    @Override
    public void close(Status status, Metadata trailers) {
        byte[] payload;
        synchronized (this) {
            if (closed || cancelled) {
                return;
            }
            closed = true;
            payload = response;
            inbound.clear();
            notifyAll();
        }
        // A stream that ends well closes with an empty data frame, as ttrpc's own server does.
        Frame end = serverStreams && status.isOk()
                ? new Frame(id, Frame.DATA, (byte) (Frame.REMOTE_CLOSED | Frame.NO_DATA), new byte[0])
                : new Frame(id, Frame.RESPONSE, (byte) 0, Envelope.encode(new Envelope.Response(status, status.isOk() ? payload : null)));
        boolean sent = write(end);
        if (!sent && end.data().length > Frame.MAX_DATA) {
            Status tooLarge = Status.RESOURCE_EXHAUSTED.withDescription("the answer of " + end.data().length
                    + " bytes is over ttrpc's limit of " + Frame.MAX_DATA + " bytes");
            sent = write(new Frame(id, Frame.RESPONSE, (byte) 0, Envelope.encode(new Envelope.Response(tooLarge, null))));
        }
        connection.ended(id);
        boolean complete = sent;
        callbacks.execute(() -> {
            try {
                if (listener != null) {
                    inContext(complete ? listener::onComplete : listener::onCancel);
                }
            } finally {
                context.cancel(null);
            }
        });
    }

    private boolean write(Frame frame) {
        try {
            connection.write(frame);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The client went away: the handler hears onCancel and its context is cancelled. */
    void cancelled(Status why) {
        if (claimCancel()) {
            endCancelled(why);
        }
    }

    /** Marks the call cancelled unless it already ended; true if this caller ends it. */
    private synchronized boolean claimCancel() {
        if (closed || cancelled) {
            return false;
        }
        cancelled = true;
        inbound.clear();
        notifyAll();
        return true;
    }

    private void endCancelled(Status why) {
        connection.ended(id);
        // As under gRPC's server, the context is cancelled first, so onCancel sees it cancelled.
        context.cancel(why.asException());
        callbacks.execute(() -> {
            if (listener != null) {
                inContext(listener::onCancel);
            }
        });
    }

    /** The deadline passed: the client hears DEADLINE_EXCEEDED (written on the pool, never on the timer). */
    private void deadlineReached() {
        if (!claimCancel()) {
            return; // ended already, or this is the context's own cancellation at the end
        }
        Status status = Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded");
        pool.execute(() -> write(new Frame(id, Frame.RESPONSE, (byte) 0, Envelope.encode(new Envelope.Response(status, null)))));
        endCancelled(status);
    }

    @Override
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public synchronized boolean isReady() {
        return !closed && !cancelled;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
    }

    /** Runs a callback in the call's context; a handler that throws ends the call as gRPC's server does. */
    private void inContext(Runnable callback) {
        try {
            context.run(callback);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ttrpc: " + method.getFullMethodName() + " failed", e);
            close(Status.UNKNOWN.withDescription("application error processing RPC").withCause(e), new Metadata());
        }
    }

}
