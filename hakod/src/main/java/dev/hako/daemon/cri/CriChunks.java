package dev.hako.daemon.cri;

import dev.hako.daemon.api.GrpcErrors;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The CRI's Stream* list calls: the same answers as the List calls, in messages of at most
 * {@link #CHUNK} items, so that no message passes the kubelet's 16 MiB cap however many there are.
 */
final class CriChunks {
    static final int CHUNK = 500;

    private CriChunks() {}

    /**
     * Answers {@code observer} with {@code items} in chunks, then completes; or with the error the
     * items' body threw (mapped as every call's), before any message.
     */
    static <T, R> void stream(StreamObserver<R> observer, GrpcErrors.Call<List<T>> items, Function<List<T>, R> message) {
        List<R> messages;
        try {
            messages = chunks(items.run(), message);
        } catch (Throwable t) {
            observer.onError(GrpcErrors.toStatus(t));
            return;
        }
        messages.forEach(observer::onNext);
        observer.onCompleted();
    }

    /** One message per {@link #CHUNK} items; one empty message for none (the client waits for one). */
    static <T, R> List<R> chunks(List<T> items, Function<List<T>, R> message) {
        List<R> out = new ArrayList<>();
        for (int from = 0; from == 0 || from < items.size(); from += CHUNK) {
            out.add(message.apply(items.subList(from, Math.min(items.size(), from + CHUNK))));
        }
        return out;
    }
}
