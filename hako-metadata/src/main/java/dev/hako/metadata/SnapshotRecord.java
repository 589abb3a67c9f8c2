package dev.hako.metadata;

import java.time.Instant;

/**
 * A snapshot row. {@code id} names its directory; {@code key} is the active key or, once
 * committed, its name (a chain ID for image layers); {@code parent} is the parent's name.
 */
public record SnapshotRecord(long id, String key, String parent, Kind kind, long size, Instant createdAt) {
    public enum Kind { ACTIVE, VIEW, COMMITTED }
}
