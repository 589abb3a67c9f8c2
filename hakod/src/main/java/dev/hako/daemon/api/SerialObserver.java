package dev.hako.daemon.api;

import io.grpc.stub.StreamObserver;

/** A StreamObserver several threads may call: gRPC's own must not be called concurrently. */
final class SerialObserver<T> implements StreamObserver<T> {
    private final StreamObserver<T> delegate;
    private boolean done;

    SerialObserver(StreamObserver<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void onNext(T value) {
        if (!done) {
            delegate.onNext(value);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        if (!done) {
            done = true;
            delegate.onError(GrpcErrors.toStatus(t));
        }
    }

    @Override
    public synchronized void onCompleted() {
        if (!done) {
            done = true;
            delegate.onCompleted();
        }
    }
}
