package dev.hako.streaming;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Pending exec, attach and port-forward requests by token, as kubelet's request cache keeps them:
 * a token is random, used once, and forgotten after its time to live. The token is the URL's only
 * secret, so it comes from SecureRandom and is never logged.
 */
final class RequestCache {
    /** kubelet's cap; more pending requests than this is a client gone wrong. */
    static final int MAX_IN_FLIGHT = 1000;
    private static final int TOKEN_BYTES = 16;

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final SecureRandom random = new SecureRandom();
    // Insertion order is expiry order, since every entry lives equally long.
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(Object request, long expiresAt) {}

    RequestCache(Duration ttl) {
        this(ttl, System::nanoTime);
    }

    RequestCache(Duration ttl, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    synchronized String insert(Object request) {
        long now = nanoClock.getAsLong();
        evictExpired(now);
        if (entries.size() >= MAX_IN_FLIGHT) {
            throw new HakoException(ErrorKind.UNAVAILABLE, "maximum number of in-flight streaming requests (%d) exceeded".formatted(MAX_IN_FLIGHT));
        }
        String token;
        do {
            byte[] bytes = new byte[TOKEN_BYTES];
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (entries.containsKey(token));
        entries.put(token, new Entry(request, now + ttlNanos));
        return token;
    }

    /** The request for {@code token}, removing it: a second use, or a use after expiry, finds nothing. */
    synchronized Optional<Object> consume(String token) {
        long now = nanoClock.getAsLong();
        evictExpired(now);
        Entry e = entries.remove(token);
        return e == null ? Optional.empty() : Optional.of(e.request());
    }

    synchronized int size() {
        evictExpired(nanoClock.getAsLong());
        return entries.size();
    }

    private void evictExpired(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAt() >= 0) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
