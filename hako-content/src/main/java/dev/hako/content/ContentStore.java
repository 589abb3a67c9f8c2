package dev.hako.content;

import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Blobs addressed by digest. A blob becomes visible only once its bytes matched its digest and
 * size; what is being written lives apart until then.
 */
public interface ContentStore {
    Optional<ContentInfo> info(Digest digest) throws IOException;

    /** Opens a committed blob; NOT_FOUND when absent. */
    InputStream open(Digest digest) throws IOException;

    /** Reads a whole blob of at most {@code maxSize} bytes (manifests, configs). */
    byte[] read(Digest digest, long maxSize) throws IOException;

    /** Starts writing a blob that must match {@code expected}'s digest and size. */
    ContentWriter writer(Descriptor expected) throws IOException;

    /** Starts writing a blob whose digest is computed from what is written. */
    ContentWriter writer() throws IOException;

    boolean delete(Digest digest) throws IOException;

    List<ContentInfo> list() throws IOException;

    /** Removes what interrupted writers left behind. Call only when no writer is open. */
    void removeIncomplete() throws IOException;
}
