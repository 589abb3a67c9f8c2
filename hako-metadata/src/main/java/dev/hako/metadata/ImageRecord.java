package dev.hako.metadata;

import java.time.Instant;

/** A name (e.g. {@code docker.io/library/busybox:latest}) and the manifest or index it points at. */
public record ImageRecord(
        String name, String targetMediaType, String targetDigest, long targetSize, Instant createdAt, Instant updatedAt) {}
