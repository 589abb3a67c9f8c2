package dev.hako.images;

import dev.hako.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/** Where layer bytes come from during an unpack: a registry, or blobs already in the content store. */
interface BlobSource {
    InputStream open(Descriptor blob) throws IOException;

    /** Whether the bytes still have to be stored (and verified) as they pass. */
    boolean remote();
}
