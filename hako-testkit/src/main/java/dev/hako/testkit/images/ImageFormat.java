package dev.hako.testkit.images;

import dev.hako.oci.MediaTypes;

/** OCI image spec or Docker schema2 media types. */
public enum ImageFormat {
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, MediaTypes.OCI_INDEX),
    DOCKER(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_MANIFEST_LIST);

    public final String manifestType;
    public final String configType;
    public final String indexType;

    ImageFormat(String manifestType, String configType, String indexType) {
        this.manifestType = manifestType;
        this.configType = configType;
        this.indexType = indexType;
    }
}
