package dev.hako.content;

import dev.hako.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Bytes on their way into the store. {@link #commit()} verifies and publishes them; closing
 * without a commit throws them away.
 */
public abstract class ContentWriter extends OutputStream {
    /** Bytes written so far. */
    public abstract long written();

    /** Verifies digest and size, then makes the blob visible under its digest. */
    public abstract Digest commit() throws IOException;
}
