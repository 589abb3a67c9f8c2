package dev.hako.registry;

import dev.hako.oci.Reference;
import java.net.InetAddress;
import java.util.Locale;

/** Registry host names: docker.io's aliases and which hosts are this machine. No name is ever resolved here. */
final class Hosts {
    /** Where docker.io's registry API is served. */
    static final String DOCKER_HUB_API = "registry-1.docker.io";

    private Hosts() {}

    /** The name a host's settings and credentials are kept under: lower case, docker.io for its aliases. */
    static String canonical(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return switch (h) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> Reference.DOCKER_HUB;
            default -> h;
        };
    }

    /** The host part of {@code host[:port]}, without IPv6 brackets. */
    static String hostPart(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority : authority.substring(1, close);
        }
        int colon = authority.indexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /**
     * Whether {@code host[:port]} names this machine: {@code localhost}, 127.0.0.0/8 or ::1. Only literal
     * addresses count (docker's rule), so a name that merely resolves to loopback is treated as remote.
     */
    static boolean isLoopback(String authority) {
        String host = hostPart(authority).toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false; // a name, not a literal: never resolved here
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
