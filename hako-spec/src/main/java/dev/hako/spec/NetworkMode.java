package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.util.Locale;

/** Which network a container sees. Pod networks (CNI) come with the CRI; these are the two of {@code hako run}. */
public enum NetworkMode {
    /** A new network namespace holding only the loopback interface (runc brings "lo" up). */
    NONE,
    /** The host's network namespace: no namespace of its own. */
    HOST;

    /** "none", "host", or empty for the default (none). */
    public static NetworkMode parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "host" -> HOST;
            default -> throw HakoException.invalid("unknown network \"%s\": hako run supports none and host", text);
        };
    }
}
