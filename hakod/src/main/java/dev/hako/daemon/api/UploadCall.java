package dev.hako.daemon.api;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.util.function.Function;

/**
 * A client-streaming call that uploads bytes (import, load): the bytes become an InputStream that
 * a worker thread reads, started on the first message so it can read that message's fields.
 */
final class UploadCall {
    private UploadCall() {}

    @FunctionalInterface
    interface Work<Q, R> {
        /** {@code first} is the first message, or null when the client sent none. */
        R run(Q first, InputStream data) throws Exception;
    }

    static <Q, R> StreamObserver<Q> handle(StreamObserver<R> observer, String name, Function<Q, ByteString> data,
                                           Work<Q, R> work) {
        var call = (ServerCallStreamObserver<R>) observer;
        call.disableAutoRequest();
        GrpcInputStream input = new GrpcInputStream(call);
        call.request(1);
        return new StreamObserver<>() {
            private boolean started;

            private void start(Q first) {
                started = true;
                Thread.ofVirtual().name(name).start(() -> GrpcErrors.unary(observer, () -> {
                    try (input) {
                        return work.run(first, input);
                    }
                }));
            }

            @Override
            public void onNext(Q message) {
                if (!started) {
                    start(message);
                }
                input.offer(data.apply(message));
            }

            @Override
            public void onError(Throwable t) {
                input.fail(t);
            }

            @Override
            public void onCompleted() {
                if (!started) {
                    start(null);
                }
                input.complete();
            }
        };
    }
}
