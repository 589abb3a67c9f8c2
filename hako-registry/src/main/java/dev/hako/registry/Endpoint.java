package dev.hako.registry;

import java.net.URI;

/**
 * One place a registry's API is served.
 *
 * @param root           the API root, e.g. {@code https://registry-1.docker.io/v2}
 * @param credentialHost the host whose credentials are sent here
 * @param mirror         whether this is a mirror (a failure there moves on to the next endpoint)
 * @param tls            how TLS is treated
 */
record Endpoint(URI root, String credentialHost, boolean mirror, Tls tls) {
    enum Tls {
        /** Verified TLS, or plain HTTP when the URL says http. */
        VERIFIED,
        /** TLS without verification, for a host marked insecure. */
        UNVERIFIED,
        /** As UNVERIFIED, then plain HTTP on the same port when the TLS handshake fails. */
        UNVERIFIED_THEN_PLAIN
    }

    /** {@code host[:port]} of this endpoint, as errors name it. */
    String authority() {
        return root.getRawAuthority();
    }

    /** The API URL {@code root + "/" + relative}; {@code relative} is already escaped. */
    URI resolve(String relative) {
        return URI.create(root.toString() + "/" + relative);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
