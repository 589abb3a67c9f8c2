package dev.hako.images;

import java.util.List;

/** What {@code hako image prune} removed and how many bytes that freed. */
public record PruneResult(List<String> blobs, List<String> snapshots, long reclaimedBytes) {}
