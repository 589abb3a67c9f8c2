package dev.hako.cli.transfer;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Streams a file to a client-streaming RPC in fixed-size chunks, sending only when gRPC's flow
 * control says the transport is ready, so a multi-gigabyte archive never sits in memory.
 *
 * @param <Q> the request message
 * @param <R> the single response
 */
public final class ChunkedUpload<Q, R> implements ClientResponseObserver<Q, R> {
    /** 1 MiB: well under gRPC's 4 MiB default message limit, large enough to keep the pipe full. */
    public static final int CHUNK_SIZE = 1 << 20;

    private final CompletableFuture<R> result = new CompletableFuture<>();
    private final Object readiness = new Object();
    private ClientCallStreamObserver<Q> requests;
    private R response;

    private ChunkedUpload() {}

    /**
     * Sends {@code in} and waits for the response.
     *
     * @param call    starts the RPC, e.g. {@code stub::load}
     * @param message builds one request from a chunk; the flag is true for the first message
     *                (which is sent even when the input is empty)
     */
    public static <Q, R> R send(Function<StreamObserver<R>, StreamObserver<Q>> call, InputStream in,
                                BiFunction<ByteString, Boolean, Q> message) throws IOException {
        ChunkedUpload<Q, R> upload = new ChunkedUpload<>();
        call.apply(upload);
        return upload.pump(in, message);
    }

    private R pump(InputStream in, BiFunction<ByteString, Boolean, Q> message) throws IOException {
        byte[] buffer = new byte[CHUNK_SIZE];
        boolean first = true;
        try {
            while (true) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n == 0 && !first) {
                    break;
                }
                if (!awaitReady()) {
                    break; // the daemon already answered (an error): stop reading
                }
                requests.onNext(message.apply(ByteString.copyFrom(buffer, 0, n), first));
                first = false;
                if (n < buffer.length) {
                    break; // readNBytes returns short only at end of input
                }
            }
        } catch (IOException | RuntimeException e) {
            requests.cancel("the client failed to read its input", e);
            throw e;
        }
        if (!result.isDone()) {
            requests.onCompleted();
        }
        return await();
    }

    /** Waits until gRPC can take another message; false when the call has already ended. */
    private boolean awaitReady() {
        synchronized (readiness) {
            while (!requests.isReady() && !result.isDone()) {
                try {
                    readiness.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while uploading", e);
                }
            }
        }
        return !result.isDone();
    }

    private R await() {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the daemon", e);
        }
    }

    private void wake() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        this.requests = requestStream;
        requestStream.setOnReadyHandler(this::wake);
    }

    @Override
    public void onNext(R value) {
        response = value;
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
        wake();
    }

    @Override
    public void onCompleted() {
        result.complete(response);
        wake();
    }
}
