package dev.hako.containers;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Created, started, stopped and deleted, to whoever follows (the CRI's GetContainerEvents). */
final class ContainerEvents {
    private static final Logger LOG = System.getLogger("hakod.containers");

    private final List<Consumer<ContainerEvent>> listeners = new CopyOnWriteArrayList<>();

    /** The listener must not block: events are handed over on the thread that changed the container. */
    void subscribe(Consumer<ContainerEvent> listener) {
        listeners.add(listener);
    }

    void unsubscribe(Consumer<ContainerEvent> listener) {
        listeners.remove(listener);
    }

    void publish(String id, ContainerOptions options, ContainerEvent.Kind kind) {
        ContainerEvent event = new ContainerEvent(id, options.pod() == null ? "" : options.pod().podId(), kind,
                Clock.nanosNow());
        for (Consumer<ContainerEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a container event listener failed: {0}", e.toString());
            }
        }
    }
}
