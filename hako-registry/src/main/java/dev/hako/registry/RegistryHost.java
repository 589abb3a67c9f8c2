package dev.hako.registry;

import dev.hako.errdefs.HakoException;
import java.net.URI;
import java.util.List;

/**
 * How one registry host is reached.
 *
 * @param host     the host as references name it: {@code docker.io}, {@code 127.0.0.1:5000}
 * @param mirrors  full URLs ({@code http://127.0.0.1:5000}) tried in order before the host itself when pulling;
 *                 a URL without a path gets {@code /v2}, one with a path is used as the API root as it is
 * @param insecure allow TLS without verification, and plain HTTP where TLS fails
 * @param server   where the host itself is served instead of its usual address (as containerd's hosts.toml
 *                 {@code server}); null for the usual one ({@code https://registry-1.docker.io} for docker.io)
 */
public record RegistryHost(String host, List<URI> mirrors, boolean insecure, URI server) {
    public RegistryHost {
        if (host == null || host.isBlank() || host.contains("/")) {
            throw HakoException.invalid("invalid registry host %s: expected host[:port]", host);
        }
        host = Hosts.canonical(host);
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
        for (URI mirror : mirrors) {
            checkUrl(host, "mirror", mirror);
        }
        if (server != null) {
            checkUrl(host, "server", server);
        }
    }

    public RegistryHost(String host, List<URI> mirrors, boolean insecure) {
        this(host, mirrors, insecure, null);
    }

    /** A host with no mirrors, reached the usual way. */
    public static RegistryHost plain(String host) {
        return new RegistryHost(host, List.of(), false, null);
    }

    private static void checkUrl(String host, String what, URI uri) {
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw HakoException.invalid("invalid %s URL %s for registry %s: expected http(s)://host[:port][/path]",
                    what, uri, host);
        }
    }
}
