package dev.hako.daemon.api;

import dev.hako.images.Cancellation;
import io.grpc.Context;

/**
 * Ties an image service operation to the gRPC or ttrpc call it serves: when the call is cancelled
 * (the client went away, say `hako pull` was interrupted, or its deadline passed) so is the
 * operation. The call's context is cancelled at once, apart from the call's serialized callbacks,
 * which wait for the handler the operation blocks.
 */
public final class CallCancellation implements AutoCloseable {
    private final Context context = Context.current();
    private final Cancellation cancellation = new Cancellation();
    private final Context.CancellationListener listener = cancelled -> cancellation.cancel(reason(cancelled));

    private CallCancellation() {}

    /** Listens to the current call's context until closed. */
    public static CallCancellation ofCurrentCall() {
        CallCancellation c = new CallCancellation();
        c.context.addListener(c.listener, Runnable::run);
        return c;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public void close() {
        context.removeListener(listener);
    }

    private static String reason(Context cancelled) {
        if (cancelled.getDeadline() != null && cancelled.getDeadline().isExpired()) {
            return "the call's deadline passed";
        }
        return "the client went away";
    }
}
