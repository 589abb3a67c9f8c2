package dev.hako.cli.format;

/**
 * The few reference manipulations the CLI needs for display. Parsing and normalising references is
 * the daemon's job; these only shorten what it sends back the way docker's "familiar" form does.
 */
public final class ImageNames {
    private static final String DOCKER_HUB = "docker.io/";
    private static final String OFFICIAL = "library/";

    private ImageNames() {}

    /**
     * docker.io/library/busybox:latest → busybox:latest, docker.io/foo/bar → foo/bar; other
     * registries and already familiar names are returned unchanged.
     */
    public static String familiar(String reference) {
        if (!reference.startsWith(DOCKER_HUB)) {
            return reference;
        }
        String rest = reference.substring(DOCKER_HUB.length());
        if (rest.startsWith(OFFICIAL)) {
            String name = nameOf(rest.substring(OFFICIAL.length()));
            if (name.indexOf('/') < 0) {
                return rest.substring(OFFICIAL.length());
            }
        }
        return rest;
    }

    /** True when the reference names neither a tag nor a digest (docker then pulls ":latest"). */
    public static boolean isNameOnly(String reference) {
        return reference.indexOf('@') < 0 && tagOf(reference).isEmpty();
    }

    /** The tag of a reference, or "" when it has none. */
    public static String tagOf(String reference) {
        int at = reference.indexOf('@');
        String named = at < 0 ? reference : reference.substring(0, at);
        int colon = named.lastIndexOf(':');
        // A colon before the last slash belongs to a registry port (localhost:5000/busybox).
        return colon > named.lastIndexOf('/') ? named.substring(colon + 1) : "";
    }

    /** docker's TruncateID: drop the algorithm, keep 12 hex digits. */
    public static String shortId(String id) {
        int colon = id.indexOf(':');
        String hex = colon < 0 ? id : id.substring(colon + 1);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    private static String nameOf(String reference) {
        int at = reference.indexOf('@');
        String named = at < 0 ? reference : reference.substring(0, at);
        int colon = named.lastIndexOf(':');
        return colon > named.lastIndexOf('/') ? named.substring(0, colon) : named;
    }
}
