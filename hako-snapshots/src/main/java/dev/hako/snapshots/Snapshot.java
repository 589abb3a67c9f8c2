package dev.hako.snapshots;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A snapshot: an active one (writable, named by its key), a view (read-only) or a committed one
 * (immutable, named, e.g. by a chain ID). {@code directory} is what overlayfs uses as a layer.
 */
public record Snapshot(String key, String parent, Kind kind, long size, Instant createdAt, Path directory) {
    public enum Kind { ACTIVE, VIEW, COMMITTED }
}
