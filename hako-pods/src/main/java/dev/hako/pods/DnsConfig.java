package dev.hako.pods;

import java.util.List;

/** The pod's resolv.conf as the kubelet asks for it; all empty: the host's own resolv.conf. */
public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
    public DnsConfig {
        servers = servers == null ? List.of() : List.copyOf(servers);
        searches = searches == null ? List.of() : List.copyOf(searches);
        options = options == null ? List.of() : List.copyOf(options);
    }

    public boolean isEmpty() {
        return servers.isEmpty() && searches.isEmpty() && options.isEmpty();
    }
}
