package dev.hako.images;

import dev.hako.oci.Digest;
import java.time.Instant;

/** One line of {@code hako images}: a name (repository and tag, or digest) and its image. */
public record ImageSummary(
        String name, String repository, String tag, Digest digest, Digest id, Instant created, long size, String platform) {

    /** The image named by its content: {@code repository@digest} of what this name points at. */
    public String repoDigest() {
        return repoDigest(name, digest);
    }

    static String repoDigest(String name, Digest target) {
        return dev.hako.oci.Reference.parseExact(name).name() + "@" + target;
    }
}
