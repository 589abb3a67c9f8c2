package dev.hako.cli.stdio;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The CLI's end of an Attach or Exec call. Output is handed to the command's thread one message at
 * a time (gRPC's manual flow control): the transport reads the socket only as messages are asked
 * for, so the daemon sends no faster than stdout drains. Input may be sent from any thread (the
 * stdin pump, the SIGWINCH handler); it waits while the transport is not ready.
 */
public final class StdioSession<I, O> implements ClientResponseObserver<I, O> {
    private final StdioProtocol<I, O> protocol;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Object sending = new Object();
    private ClientCallStreamObserver<I> requests;
    private volatile boolean ended;
    private boolean taken;
    private Frame pushedBack;

    private StdioSession(StdioProtocol<I, O> protocol) {
        this.protocol = protocol;
    }

    /**
     * Starts the call (e.g. {@code stub::attach}) and sends its first message.
     */
    public static <I, O> StdioSession<I, O> open(StdioProtocol<I, O> protocol,
                                                 Function<StreamObserver<O>, StreamObserver<I>> call, I first) {
        StdioSession<I, O> session = new StdioSession<>(protocol);
        call.apply(session);
        session.send(first);
        return session;
    }

    public StdioProtocol<I, O> protocol() {
        return protocol;
    }

    /**
     * Sends stdin bytes, waiting while gRPC's buffer is full (a large paste or a piped file must not
     * pile up in memory); dropped once the call is over. Only the stdin pump's thread waits here.
     */
    public void sendData(I message) {
        synchronized (sending) {
            while (!requests.isReady() && !ended) {
                try {
                    sending.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!ended) {
                requests.onNext(message);
            }
        }
    }

    /**
     * Sends a small control message (start, resize, close_stdin) at once. It must not wait for
     * readiness: with output flow control, the end of a call is seen only once its output has been
     * read, so the thread that reads output would wait for itself.
     */
    public void send(I message) {
        synchronized (sending) {
            if (!ended) {
                requests.onNext(message);
            }
        }
    }

    /** Ends the call from this side: the daemon takes it as the client going away (a detach). */
    public void cancel(String why) {
        synchronized (sending) {
            if (!ended) {
                ended = true;
                requests.cancel(why, null);
            }
            sending.notifyAll();
        }
    }

    /** The next frame, waiting for it; asks the daemon for one more only when the last was handled. */
    public Frame next() throws InterruptedException {
        if (pushedBack != null) {
            Frame f = pushedBack;
            pushedBack = null;
            return f;
        }
        if (taken && !ended) {
            requests.request(1);
        }
        taken = true;
        return frames.take();
    }

    /** The next frame, or null when none came within {@code millis}. */
    public Frame next(long millis) throws InterruptedException {
        if (pushedBack != null) {
            return next();
        }
        if (taken && !ended) {
            requests.request(1);
        }
        taken = true;
        Frame f = frames.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (f == null) {
            taken = false; // the request is still outstanding: do not ask for another
        }
        return f;
    }

    /** Puts one frame back, to be returned by the next {@link #next()}. */
    public void pushBack(Frame frame) {
        pushedBack = frame;
    }

    /** True when no frame is waiting, so buffered output is worth flushing now. */
    public boolean idle() {
        return pushedBack == null && frames.isEmpty();
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<I> requestStream) {
        this.requests = requestStream;
        requestStream.disableAutoRequestWithInitial(1);
        requestStream.setOnReadyHandler(this::wake);
    }

    @Override
    public void onNext(O value) {
        frames.add(protocol.frame(value));
    }

    @Override
    public void onError(Throwable t) {
        ended = true;
        frames.add(new Frame.Ended(t));
        wake();
    }

    @Override
    public void onCompleted() {
        ended = true;
        frames.add(new Frame.Ended(null));
        wake();
    }

    private void wake() {
        synchronized (sending) {
            sending.notifyAll();
        }
    }
}
