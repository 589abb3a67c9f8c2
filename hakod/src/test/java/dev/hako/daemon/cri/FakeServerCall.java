package dev.hako.daemon.cri;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A gRPC call as a handler sees it, with the client's side in the test's hands: its pace, its going, what it got. */
final class FakeServerCall<T> extends ServerCallStreamObserver<T> {
    private final LinkedBlockingQueue<T> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Throwable> error = new CompletableFuture<>();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private volatile boolean ready;
    private volatile boolean cancelled;
    private volatile Runnable onReady = () -> {};
    private volatile Runnable onCancel = () -> {};

    FakeServerCall(boolean ready) {
        this.ready = ready;
    }

    /** The client reads again (gRPC then calls the ready handler), or stops reading. */
    void setReady(boolean now) {
        ready = now;
        if (now) {
            onReady.run();
        }
    }

    /** The client goes away. */
    void cancel() {
        cancelled = true;
        onCancel.run();
    }

    /** The next message, or null when none came within {@code wait}. */
    T next(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<T> receivedSoFar() {
        return new ArrayList<>(received);
    }

    /** The status the call ended with, or null when it did not end with an error within {@code wait}. */
    Status errorStatus(Duration wait) throws InterruptedException {
        try {
            return Status.fromThrowable(error.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    boolean isCompleted() {
        return completed.isDone();
    }

    @Override
    public void onNext(T value) {
        if (error.isDone() || completed.isDone()) {
            throw new IllegalStateException("a message after the call ended");
        }
        received.add(value);
    }

    @Override
    public void onError(Throwable t) {
        if (!error.complete(t) || completed.isDone()) {
            throw new IllegalStateException("the call ended twice");
        }
    }

    @Override
    public void onCompleted() {
        if (!completed.complete(null) || error.isDone()) {
            throw new IllegalStateException("the call ended twice");
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
        onCancel = handler;
    }

    @Override
    public void setCompression(String compression) {}

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
        onReady = handler;
    }

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}
}
