package dev.hako.registry;

import java.util.HashMap;
import java.util.Map;

/** The settings of the registry hosts that need any (mirrors, insecure, a server override); others get defaults. */
public record RegistryConfig(Map<String, RegistryHost> hosts) {
    public RegistryConfig {
        Map<String, RegistryHost> byCanonical = new HashMap<>();
        hosts.forEach((name, host) -> byCanonical.put(Hosts.canonical(name), host));
        hosts = Map.copyOf(byCanonical);
    }

    public static RegistryConfig empty() {
        return new RegistryConfig(Map.of());
    }

    public static RegistryConfig of(RegistryHost... hosts) {
        Map<String, RegistryHost> map = new HashMap<>();
        for (RegistryHost h : hosts) {
            map.put(h.host(), h);
        }
        return new RegistryConfig(map);
    }

    /** The settings of {@code host}, or the defaults (no mirrors, TLS verified) when it has none. */
    public RegistryHost forHost(String host) {
        RegistryHost configured = hosts.get(Hosts.canonical(host));
        return configured != null ? configured : RegistryHost.plain(host);
    }
}
