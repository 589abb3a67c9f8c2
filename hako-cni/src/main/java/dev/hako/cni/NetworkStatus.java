package dev.hako.cni;

/**
 * Whether pods can get a network, in the shape of the CRI's NetworkReady condition: when not
 * ready, a short reason (CamelCase, for machines) and a message naming what is missing.
 */
public record NetworkStatus(boolean ready, String reason, String message) {
    /** The reason containerd and CRI-O report while no usable network configuration exists. */
    public static final String NOT_READY_REASON = "NetworkPluginNotReady";
    public static final NetworkStatus READY = new NetworkStatus(true, "", "");

    public NetworkStatus {
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }

    public static NetworkStatus notReady(String message) {
        return new NetworkStatus(false, NOT_READY_REASON, message);
    }
}
