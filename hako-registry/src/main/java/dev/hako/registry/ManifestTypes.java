package dev.hako.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import dev.hako.oci.MediaTypes;
import java.io.IOException;
import java.util.Locale;

/** Works out what a fetched manifest is when the registry's Content-Type does not say. */
final class ManifestTypes {
    /** What registries are asked for: hako's types, then schema 1 so that it can be recognised and refused. */
    static final String ACCEPT = MediaTypes.MANIFEST_ACCEPT + ", " + MediaTypes.DOCKER_SCHEMA1_SIGNED + ", "
            + MediaTypes.DOCKER_SCHEMA1;

    private ManifestTypes() {}

    /**
     * The media type of {@code bytes}: the Content-Type when it is a manifest type, else the
     * {@code mediaType} field, else guessed from the shape as the image spec allows for old content.
     */
    static String detect(String contentType, byte[] bytes) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (isKnown(type)) {
            return type;
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return type;
        }
        if (json == null || !json.isObject()) {
            return type;
        }
        String field = json.path("mediaType").asText("");
        if (!field.isEmpty()) {
            return field;
        }
        if (json.path("schemaVersion").asInt(0) == 1) {
            return json.has("signatures") ? MediaTypes.DOCKER_SCHEMA1_SIGNED : MediaTypes.DOCKER_SCHEMA1;
        }
        if (json.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (json.has("config") && json.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        return type;
    }

    static boolean isKnown(String type) {
        return MediaTypes.isManifest(type) || MediaTypes.isIndex(type) || MediaTypes.isSchema1(type);
    }
}
