package dev.hako.streaming;

import dev.hako.errdefs.HakoException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the streaming server listens and how long its URLs and connections live.
 *
 * @param host the address to listen on; kubelet reaches it from the same node, so loopback is the default
 * @param port the TCP port, 0 for one chosen at start ({@link StreamingServer#baseUrl()} then names it)
 * @param tokenTtl how long a URL from {@code execUrl}, {@code attachUrl} or {@code portForwardUrl} stays usable
 *     (kubelet's request cache keeps them a minute)
 * @param streamCreationTimeout how long a SPDY client may take to open its streams after the upgrade
 * @param idleTimeout how long an upgraded connection may carry nothing before it is closed
 */
public record StreamingConfig(String host, int port, Duration tokenTtl, Duration streamCreationTimeout, Duration idleTimeout) {
    public StreamingConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw HakoException.invalid("streaming server host is empty");
        }
        if (port < 0 || port > 65535) {
            throw HakoException.invalid("streaming server port %d is not in 0..65535", port);
        }
        requirePositive(tokenTtl, "tokenTtl");
        requirePositive(streamCreationTimeout, "streamCreationTimeout");
        requirePositive(idleTimeout, "idleTimeout");
    }

    /** 127.0.0.1, a port chosen at start, one-minute URLs, 30 s to open streams, 4 h idle: kubelet's defaults. */
    public static StreamingConfig defaults() {
        return new StreamingConfig("127.0.0.1", 0, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(4));
    }

    public StreamingConfig withAddress(String host, int port) {
        return new StreamingConfig(host, port, tokenTtl, streamCreationTimeout, idleTimeout);
    }

    public StreamingConfig withTokenTtl(Duration tokenTtl) {
        return new StreamingConfig(host, port, tokenTtl, streamCreationTimeout, idleTimeout);
    }

    public StreamingConfig withStreamCreationTimeout(Duration streamCreationTimeout) {
        return new StreamingConfig(host, port, tokenTtl, streamCreationTimeout, idleTimeout);
    }

    public StreamingConfig withIdleTimeout(Duration idleTimeout) {
        return new StreamingConfig(host, port, tokenTtl, streamCreationTimeout, idleTimeout);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw HakoException.invalid("streaming server %s must be positive, got %s", name, d);
        }
    }
}
