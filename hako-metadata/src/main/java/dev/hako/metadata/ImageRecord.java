package dev.hako.metadata;

import java.time.Instant;

/**
 * A name (e.g. {@code docker.io/library/busybox:latest}) and the manifest or index it points at.
 * {@code platform} is the platform the name was pulled for ({@code os/arch[/variant]}), or null
 * for this machine's own.
 */
public record ImageRecord(
        String name, String targetMediaType, String targetDigest, long targetSize, String platform,
        Instant createdAt, Instant updatedAt) {}
