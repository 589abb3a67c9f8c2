package dev.hako.registry;

import dev.hako.errdefs.HakoException;
import java.net.URI;

/**
 * Where secrets (Basic credentials, Bearer tokens, identity tokens) may go in clear text: over
 * plain HTTP only to this machine (a literal loopback host) or to a host the operator marked
 * insecure, as docker's rule for registries. A registry cannot lure them anywhere else by naming a
 * plain-HTTP token realm or redirecting: such a request is refused before it is made, naming the host.
 */
record CleartextPolicy(RegistryConfig config) {
    /** Whether secrets may be sent to {@code uri}. */
    boolean allows(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return true;
        }
        String authority = uri.getRawAuthority();
        // A mark on the bare host covers its every port; one on host:port that port only.
        return Hosts.isLoopback(authority) || config.forHost(authority).insecure()
                || config.forHost(Hosts.hostPart(authority)).insecure();
    }

    /**
     * Refuses to send {@code what} (e.g. "the credentials for registry.example") to {@code uri}
     * unless {@link #allows} says it may go there.
     */
    void check(URI uri, String what) {
        if (!allows(uri)) {
            throw HakoException.precondition("refusing to send %s over plain HTTP to %s: that host is neither loopback nor "
                    + "marked insecure", what, uri.getRawAuthority());
        }
    }
}
