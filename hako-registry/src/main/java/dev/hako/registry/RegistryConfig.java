package dev.hako.registry;

import dev.hako.errdefs.HakoException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of the registry hosts that need any (mirrors, insecure, a server override); others
 * get defaults.
 *
 * @param idleTimeout how long reads of a response may wait, in all, without
 *                    {@link IdleTimeoutInputStream#PROGRESS_BYTES} arriving before the request is aborted
 */
public record RegistryConfig(Map<String, RegistryHost> hosts, Duration idleTimeout) {
    /** As kubelet's dockershim cancelled a pull that made no progress for a minute. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public RegistryConfig {
        Map<String, RegistryHost> byCanonical = new HashMap<>();
        hosts.forEach((name, host) -> byCanonical.put(Hosts.canonical(name), host));
        hosts = Map.copyOf(byCanonical);
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw HakoException.invalid("the registry idle timeout must be positive, not %s", idleTimeout);
        }
    }

    public RegistryConfig(Map<String, RegistryHost> hosts) {
        this(hosts, DEFAULT_IDLE_TIMEOUT);
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

    /** The same hosts, with another idle timeout. */
    public RegistryConfig withIdleTimeout(Duration timeout) {
        return new RegistryConfig(hosts, timeout);
    }

    /** The settings of {@code host}, or the defaults (no mirrors, TLS verified) when it has none. */
    public RegistryHost forHost(String host) {
        RegistryHost configured = hosts.get(Hosts.canonical(host));
        return configured != null ? configured : RegistryHost.plain(host);
    }
}
