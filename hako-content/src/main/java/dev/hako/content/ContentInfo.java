package dev.hako.content;

import dev.hako.oci.Digest;
import java.time.Instant;

/** A blob that is in the store: complete and verified. */
public record ContentInfo(Digest digest, long size, Instant committedAt) {}
