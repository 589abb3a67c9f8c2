package dev.hako.containers;

import java.time.Instant;

/** Times as the container rows keep them: nanoseconds since the epoch. */
final class Clock {
    private Clock() {}

    static long nanosNow() {
        return nanos(Instant.now());
    }

    static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
