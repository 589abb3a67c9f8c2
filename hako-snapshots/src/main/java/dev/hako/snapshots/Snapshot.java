package dev.hako.snapshots;

import java.time.Instant;

/**
 * A snapshot: an active one (writable, named by its key), a view (read-only) or a committed one
 * (immutable, named, e.g. by a chain ID). {@code size} is the apparent size of a committed
 * snapshot's own files (0 until it is committed).
 */
public record Snapshot(String key, String parent, Kind kind, long size, Instant createdAt) {
    public enum Kind { ACTIVE, VIEW, COMMITTED }
}
