package dev.hako.registry;

import dev.hako.oci.Reference;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a registry host is reached, in the order to try. Pulls try the mirrors first, then the host;
 * pushes and logins go to the host only (mirrors are read-only caches).
 */
final class Endpoints {
    private Endpoints() {}

    static List<Endpoint> forPull(RegistryConfig config, String host) {
        RegistryHost settings = config.forHost(host);
        List<Endpoint> endpoints = new ArrayList<>();
        for (URI mirror : settings.mirrors()) {
            endpoints.add(mirror(config, mirror));
        }
        endpoints.add(forHost(config, host));
        return List.copyOf(endpoints);
    }

    /** The host itself. */
    static Endpoint forHost(RegistryConfig config, String host) {
        RegistryHost settings = config.forHost(host);
        String canonical = Hosts.canonical(host);
        if (settings.server() != null) {
            return new Endpoint(apiRoot(settings.server()), canonical, false, explicitTls(settings.server(), settings.insecure()));
        }
        if (canonical.equals(Reference.DOCKER_HUB)) {
            return new Endpoint(URI.create("https://" + Hosts.DOCKER_HUB_API + "/v2"), canonical, false,
                    settings.insecure() ? Endpoint.Tls.UNVERIFIED : Endpoint.Tls.VERIFIED);
        }
        if (Hosts.isLoopback(host)) {
            // A registry on this machine is trusted to be plain HTTP, as docker does.
            return new Endpoint(URI.create("http://" + host + "/v2"), canonical, false, Endpoint.Tls.VERIFIED);
        }
        if (settings.insecure()) {
            return new Endpoint(URI.create("https://" + host + "/v2"), canonical, false, Endpoint.Tls.UNVERIFIED_THEN_PLAIN);
        }
        return new Endpoint(URI.create("https://" + host + "/v2"), canonical, false, Endpoint.Tls.VERIFIED);
    }

    private static Endpoint mirror(RegistryConfig config, URI url) {
        // A mirror's scheme is explicit; its TLS is unverified only if its own host is marked insecure.
        boolean insecure = config.forHost(url.getRawAuthority()).insecure();
        return new Endpoint(apiRoot(url), Hosts.canonical(url.getRawAuthority()), true, explicitTls(url, insecure));
    }

    private static Endpoint.Tls explicitTls(URI url, boolean insecure) {
        return insecure && url.getScheme().equals("https") ? Endpoint.Tls.UNVERIFIED : Endpoint.Tls.VERIFIED;
    }

    /** containerd's rule: a URL without a path serves the API at /v2, one with a path at that path. */
    static URI apiRoot(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            path = "/v2";
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + path);
    }
}
