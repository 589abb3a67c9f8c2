package dev.hako.pods;

import dev.hako.cni.PortMapping;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** How a pod gets its network (CNI in hakod). Implementations must make {@link #tearDown} idempotent. */
public interface PodNetwork {

    /** Why pods cannot get a network now (no configuration, say); empty when they can. */
    Optional<String> notReadyReason();

    /** Connects the pod's pinned network namespace; answers its addresses. */
    List<String> setUp(Request request) throws IOException;

    /** Checks that the pod's network is still as it was set up; fails naming what is wrong. */
    void check(Request request) throws IOException;

    /** Disconnects it; also when it never was, or after a restart. */
    void tearDown(Request request) throws IOException;

    /** The pod as the network sees it: {@code netns} is its pinned network namespace file. */
    record Request(String podId, String netns, String name, String namespace, String uid, List<PortMapping> portMappings) {
        public Request {
            portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
        }
    }
}
