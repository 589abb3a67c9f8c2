package dev.hako.daemon.cri;

import dev.hako.containers.Container;
import dev.hako.containers.ContainerEvent;
import dev.hako.cri.v1.ContainerEventResponse;
import dev.hako.cri.v1.ContainerEventType;
import dev.hako.errdefs.HakoException;
import dev.hako.pods.Pod;
import dev.hako.pods.PodService;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A container event as the kubelet's evented PLEG reads it: the event, its pod's status and its containers'. */
final class CriEvents {
    private CriEvents() {}

    /** The message for {@code event}; null for a container outside any pod (the CLI's own). */
    static ContainerEventResponse response(ContainerEvent event, PodService pods, dev.hako.images.ImageService images) {
        String podId = event.podId();
        if (podId.isEmpty()) {
            return null;
        }
        ContainerEventResponse.Builder out = ContainerEventResponse.newBuilder()
                .setContainerId(event.containerId())
                .setContainerEventType(switch (event.kind()) {
                    case CREATED -> ContainerEventType.CONTAINER_CREATED_EVENT;
                    case STARTED -> ContainerEventType.CONTAINER_STARTED_EVENT;
                    case STOPPED -> ContainerEventType.CONTAINER_STOPPED_EVENT;
                    case DELETED -> ContainerEventType.CONTAINER_DELETED_EVENT;
                })
                .setCreatedAt(event.atNanos());
        try {
            Pod pod = pods.get(podId);
            out.setPodSandboxStatus(CriPods.status(pod));
            for (Container c : pods.containersOf(pod.id())) {
                out.addContainersStatuses(CriContainers.status(c, CriContainers.imageRef(images, c)));
            }
        } catch (HakoException e) {
            // The pod went meanwhile: the event alone still tells the kubelet what happened.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.build();
    }
}
