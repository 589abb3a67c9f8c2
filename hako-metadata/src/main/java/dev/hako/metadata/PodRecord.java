package dev.hako.metadata;

/**
 * A pod sandbox row. {@code name} is unique on the node (the CRI's
 * name_namespace_uid_attempt); {@code config} is the pod's settings as JSON, {@code network} the
 * network's result as JSON ("" while it has none); times are nanoseconds since the epoch.
 */
public record PodRecord(String id, String name, String runtime, State state, String config, String network, long createdAt) {

    public enum State { READY, NOTREADY }

    public PodRecord withState(State newState) {
        return new PodRecord(id, name, runtime, newState, config, network, createdAt);
    }

    public PodRecord withNetwork(String newNetwork) {
        return new PodRecord(id, name, runtime, state, config, newNetwork, createdAt);
    }
}
