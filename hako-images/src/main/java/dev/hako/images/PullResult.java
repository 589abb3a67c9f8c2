package dev.hako.images;

import dev.hako.oci.Digest;

/** What a pull stored: the name, the digest it resolved to, the image ID, and whether anything changed. */
public record PullResult(String name, Digest digest, Digest imageId, boolean upToDate) {}
