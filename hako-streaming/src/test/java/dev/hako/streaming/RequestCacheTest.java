package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RequestCache cache = new RequestCache(Duration.ofSeconds(60), now::get);

    @Test
    void aTokenIsUsedOnce() {
        String token = cache.insert("req");
        assertTrue(token.matches("[A-Za-z0-9_-]{22}"), token);
        assertEquals(Optional.of("req"), cache.consume(token));
        assertEquals(Optional.empty(), cache.consume(token));
    }

    @Test
    void tokensAreDistinct() {
        assertNotEquals(cache.insert("a"), cache.insert("b"));
    }

    @Test
    void aTokenExpires() {
        String early = cache.insert("early");
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        String late = cache.insert("late");
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals(Optional.empty(), cache.consume(early));
        assertEquals(Optional.of("late"), cache.consume(late));
    }

    @Test
    void unknownTokensFindNothing() {
        assertEquals(Optional.empty(), cache.consume("nope"));
    }

    @Test
    void tooManyPendingRequestsAreRefusedUntilSomeExpire() {
        for (int i = 0; i < RequestCache.MAX_IN_FLIGHT; i++) {
            cache.insert(i);
        }
        HakoException e = assertThrows(HakoException.class, () -> cache.insert("one more"));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        cache.insert("after expiry");
        assertEquals(1, cache.size());
    }
}
