package dev.hako.streaming;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The versions of the Kubernetes remote-command protocol (exec and attach). The same names are
 * negotiated over SPDY (X-Stream-Protocol-Version) and, for v4 and v5, as WebSocket subprotocols.
 */
enum RemoteCommandProtocol {
    /** Unversioned: failures are written to the error stream as plain text. */
    V1("channel.k8s.io"),
    V2("v2.channel.k8s.io"),
    /** Adds the resize stream. */
    V3("v3.channel.k8s.io"),
    /** Writes a JSON metav1.Status to the error stream, carrying the exit code. */
    V4("v4.channel.k8s.io"),
    /** Adds the WebSocket close signal (255, channel) so a client can end stdin; over SPDY it is v4. */
    V5("v5.channel.k8s.io");

    /** In kubelet's order of preference, newest first. */
    static final List<String> SPDY_NAMES = List.of(V5.id, V4.id, V3.id, V2.id, V1.id);

    final String id;

    RemoteCommandProtocol(String id) {
        this.id = id;
    }

    boolean resizes() {
        return compareTo(V3) >= 0;
    }

    boolean jsonStatus() {
        return compareTo(V4) >= 0;
    }

    static Optional<RemoteCommandProtocol> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
