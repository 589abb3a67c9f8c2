package dev.hako.images;

import dev.hako.oci.Digest;

/** The tag pushed and the digest and size of the manifest (or index) it points at. */
public record PushResult(String reference, Digest digest, long size) {}
