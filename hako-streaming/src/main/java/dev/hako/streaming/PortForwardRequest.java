package dev.hako.streaming;

import dev.hako.errdefs.HakoException;
import java.util.List;

/**
 * A CRI PortForwardRequest: forward TCP connections to ports inside a pod's network namespace.
 *
 * @param ports the ports a WebSocket client gets, one data and one error channel each; a SPDY client
 *     names the port on every stream it opens instead, so the list may be empty
 */
public record PortForwardRequest(String podSandboxId, List<Integer> ports) {
    public PortForwardRequest {
        if (podSandboxId == null || podSandboxId.isEmpty()) {
            throw HakoException.invalid("missing required pod_sandbox_id");
        }
        ports = List.copyOf(ports == null ? List.of() : ports);
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw HakoException.invalid("port %d is not in 1..65535", port);
            }
        }
    }
}
