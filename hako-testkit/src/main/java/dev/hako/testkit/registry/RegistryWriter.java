package dev.hako.testkit.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.Json;
import dev.hako.oci.MediaTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Puts content into a registry over plain HTTP, with no help from hako's registry client, so that
 * tests of that client check it against content it did not write itself.
 */
public final class RegistryWriter implements AutoCloseable {
    /** An image pushed by {@link #pushImage}: one layer of random bytes, a config, a manifest. */
    public record TestImage(Descriptor manifest, byte[] manifestBytes, Descriptor config, byte[] configBytes,
                            Descriptor layer, byte[] layerBytes) {}

    private final URI registry;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A writer for {@code registry} ({@code http://127.0.0.1:PORT}) that sends no credentials. */
    public RegistryWriter(URI registry) {
        this(registry, null);
    }

    /** A writer that sends {@code authorization} (e.g. {@code "Bearer " + tokens.issue("app", "pull", "push")}). */
    public RegistryWriter(URI registry, String authorization) {
        this.registry = URI.create(registry.toString().replaceAll("/+$", ""));
        this.authorization = authorization;
    }

    /** Uploads a blob (POST, then PUT with the digest) and returns its descriptor. */
    public Descriptor pushBlob(String repo, String mediaType, byte[] bytes) {
        Digest digest = Digest.sha256(bytes);
        HttpResponse<String> started = send(request(URI.create(registry + "/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(started, 202, "starting the upload of " + digest);
        String location = started.headers().firstValue("Location").orElseThrow();
        URI put = URI.create(registry + "/v2/").resolve(location);
        put = URI.create(put + (put.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> done = send(request(put).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(done, 201, "uploading " + digest);
        return new Descriptor(mediaType, digest, bytes.length);
    }

    public Digest pushBlob(String repo, byte[] bytes) {
        return pushBlob(repo, "application/octet-stream", bytes).digest();
    }

    /** PUTs a manifest under {@code reference} (a tag or a digest) and returns the digest the registry reports. */
    public Digest pushManifest(String repo, String reference, String mediaType, byte[] bytes) {
        HttpResponse<String> r = send(request(URI.create(registry + "/v2/" + repo + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(r, 201, "pushing manifest " + repo + ":" + reference);
        return Digest.parse(r.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    /** Pushes a small OCI image (one layer of {@code layerSize} random bytes) tagged {@code tag}. */
    public TestImage pushImage(String repo, String tag, int layerSize) {
        byte[] layerBytes = new byte[layerSize];
        new Random(tag.hashCode() * 31L + layerSize).nextBytes(layerBytes);
        Descriptor layer = pushBlob(repo, MediaTypes.OCI_LAYER_GZIP, layerBytes);
        byte[] configBytes = configJson(layer.digest());
        Descriptor config = pushBlob(repo, MediaTypes.OCI_CONFIG, configBytes);
        byte[] manifestBytes = manifestJson(config, List.of(layer));
        Digest digest = pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, manifestBytes);
        return new TestImage(new Descriptor(MediaTypes.OCI_MANIFEST, digest, manifestBytes.length), manifestBytes,
                config, configBytes, layer, layerBytes);
    }

    /** An OCI image config for linux/amd64 whose only diff ID is {@code diffId}. */
    public static byte[] configJson(Digest diffId) {
        ObjectNode config = Json.MAPPER.createObjectNode().put("architecture", "amd64").put("os", "linux");
        config.putObject("config").putArray("Cmd").add("/bin/sh");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId.toString());
        return bytes(config);
    }

    /** An OCI image manifest. */
    public static byte[] manifestJson(Descriptor config, List<Descriptor> layers) {
        ObjectNode manifest = Json.MAPPER.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
        put(manifest.putObject("config"), config);
        ArrayNode array = manifest.putArray("layers");
        layers.forEach(l -> put(array.addObject(), l));
        return bytes(manifest);
    }

    /** An OCI image index of manifests for linux/amd64. */
    public static byte[] indexJson(List<Descriptor> manifests) {
        ObjectNode index = Json.MAPPER.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode array = index.putArray("manifests");
        for (Descriptor m : manifests) {
            ObjectNode entry = array.addObject();
            put(entry, m);
            entry.putObject("platform").put("architecture", "amd64").put("os", "linux");
        }
        return bytes(index);
    }

    @Override
    public void close() {
        http.close();
    }

    private static void put(ObjectNode node, Descriptor d) {
        node.put("mediaType", d.mediaType()).put("digest", d.digest().toString()).put("size", d.size());
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + registry + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": the registry answered " + r.statusCode() + " " + r.body());
        }
    }
}
