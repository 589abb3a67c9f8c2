package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.images.Image;
import dev.hako.metadata.ContainerRecord;
import dev.hako.runtime.RuntimeHandler;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.sys.Signals;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** {@code stop} (the image's stop signal, then SIGKILL after the timeout) and {@code kill}. */
final class ContainerStopper {
    private static final Logger LOG = System.getLogger("hakod.containers");
    private static final int DEFAULT_STOP_TIMEOUT = 10;
    /** How long a SIGKILLed container may take to be recorded as exited. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final ContainerStore store;
    private final RuntimeHandlers runtimes;
    private final ImageSource images;
    private final ExitMonitor exits;

    ContainerStopper(ContainerStore store, RuntimeHandlers runtimes, ImageSource images, ExitMonitor exits) {
        this.store = store;
        this.runtimes = runtimes;
        this.images = images;
        this.exits = exits;
    }

    /** @param timeoutSeconds how long to wait after the stop signal before SIGKILL; negative: the default 10 */
    void stop(String ref, int timeoutSeconds) throws IOException {
        ContainerRecord r = store.resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("container %s is not running", ref);
        }
        int timeout = timeoutSeconds < 0 ? DEFAULT_STOP_TIMEOUT : timeoutSeconds;
        RuntimeHandler handler = runtimes.get(r.runtime());
        CompletableFuture<ContainerExitStatus> exit = exits.next(r.id());
        if (timeout > 0) {
            signalQuietly(handler, r.id(), stopSignal(r), false);
            if (exits.awaitExit(r.id(), exit, Duration.ofSeconds(timeout))) {
                return;
            }
            LOG.log(Level.INFO, "container {0} did not stop within {1}s: killing it", r.id(), timeout);
        }
        signalQuietly(handler, r.id(), Signals.SIGKILL, true);
        if (!exits.awaitExit(r.id(), exit, KILL_WAIT)) {
            throw HakoException.unavailable("container %s did not exit after SIGKILL", ref);
        }
    }

    /** @param signalName a name or number; empty: SIGKILL */
    void kill(String ref, String signalName) throws IOException {
        ContainerRecord r = store.resolve(ref);
        int signal = signalName == null || signalName.isEmpty() ? Signals.SIGKILL
                : Signals.parse(signalName).orElseThrow(() -> HakoException.invalid("invalid signal: %s", signalName));
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("cannot kill container %s: container %s is not running", ref, r.id());
        }
        runtimes.get(r.runtime()).kill(r.id(), signal, signal == Signals.SIGKILL);
    }

    private static void signalQuietly(RuntimeHandler handler, String id, int signal, boolean all) {
        try {
            handler.kill(id, signal, all);
        } catch (IOException | RuntimeException e) {
            // the container may have exited in the meantime; the exit wait tells
            LOG.log(Level.DEBUG, "signal {0} to {1}: {2}", signal, id, e.getMessage());
        }
    }

    /** The image's StopSignal; SIGTERM when it names none, or the image is gone. */
    private int stopSignal(ContainerRecord r) {
        try {
            Image image = images.get(r.imageId());
            String s = image.config().config() == null ? null : image.config().config().stopSignal();
            if (s != null && !s.isEmpty()) {
                return Signals.parse(s).orElse(Signals.SIGTERM);
            }
        } catch (IOException | HakoException e) {
            // the image may be gone: SIGTERM
        }
        return Signals.SIGTERM;
    }
}
