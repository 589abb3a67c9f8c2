package dev.hako.images;

import dev.hako.oci.Descriptor;
import dev.hako.oci.Reference;
import dev.hako.registry.FetchedManifest;
import dev.hako.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a pull reads from a registry: a repository's manifests and blobs. In hakod it is the
 * registry client; the pull's unit tests give a fake, with no network.
 */
interface RegistryReader {
    /** The manifest or index {@code ref} names. */
    FetchedManifest fetchManifest(Reference ref) throws IOException;

    /** A manifest another one points at, checked against {@code descriptor}. */
    FetchedManifest fetchManifest(Reference repo, Descriptor descriptor) throws IOException;

    /** A blob's bytes, as the registry sends them (the caller verifies them as it reads). */
    InputStream openBlob(Reference repo, Descriptor blob) throws IOException;

    static RegistryReader of(RegistryClient client) {
        return new RegistryReader() {
            @Override
            public FetchedManifest fetchManifest(Reference ref) {
                return client.fetchManifest(ref);
            }

            @Override
            public FetchedManifest fetchManifest(Reference repo, Descriptor descriptor) {
                return client.fetchManifest(repo, descriptor);
            }

            @Override
            public InputStream openBlob(Reference repo, Descriptor blob) {
                return client.openBlob(repo, blob);
            }
        };
    }
}
