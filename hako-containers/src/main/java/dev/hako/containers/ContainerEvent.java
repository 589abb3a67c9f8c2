package dev.hako.containers;

/**
 * A change in a container's life, for those who follow them (the CRI's GetContainerEvents).
 *
 * @param podId the pod the container belongs to; "" for a container on its own
 */
public record ContainerEvent(String containerId, String podId, Kind kind, long atNanos) {
    public enum Kind { CREATED, STARTED, STOPPED, DELETED }
}
