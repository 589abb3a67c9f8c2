package dev.hako.daemon.cri;

import dev.hako.errdefs.HakoException;
import dev.hako.images.Cancellation;
import dev.hako.images.Image;
import dev.hako.images.ImageService;
import dev.hako.images.ImageSummary;
import dev.hako.images.Progress;
import dev.hako.images.PruneResult;
import dev.hako.images.PullResult;
import dev.hako.images.PushResult;
import dev.hako.images.RemoveResult;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Json;
import dev.hako.oci.Manifest;
import dev.hako.registry.RequestAuth;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An image store in memory: names pointing at images made up on the spot; pulls "download" what a test offered. */
final class FakeImageService implements ImageService {
    private final Map<String, Image> byName = new LinkedHashMap<>();
    private final Map<String, Image> offered = new LinkedHashMap<>();
    final List<RequestAuth> pullAuths = new ArrayList<>();
    RuntimeException removeFailure;

    /** An image with config user {@code user}, stored under every name given. */
    Image add(String user, String... names) {
        Image image = image(user, names[0]);
        for (String n : names) {
            byName.put(n, image);
        }
        return image;
    }

    /** What a pull of {@code name} will find at the registry. */
    Image offer(String name) {
        Image image = image("", name);
        offered.put(name, image);
        return image;
    }

    private static Image image(String user, String name) {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"" + user + "\"},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"created\":\"" + name + "\"}";
        byte[] bytes = config.getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = new Descriptor("application/vnd.oci.image.config.v1+json", Digest.sha256(bytes), bytes.length);
        Manifest manifest = new Manifest(2, "application/vnd.oci.image.manifest.v1+json", null, configDescriptor, List.of(), null, null);
        byte[] manifestBytes = Json.write(manifest);
        Descriptor target = new Descriptor(manifest.mediaType(), Digest.sha256(manifestBytes), manifestBytes.length);
        return new Image(name, target, target, manifest, Json.read(bytes, ImageConfig.class, "config"), bytes, Instant.EPOCH);
    }

    @Override
    public List<ImageSummary> list() {
        List<ImageSummary> out = new ArrayList<>();
        byName.forEach((name, image) -> {
            String tag = name.contains("@") ? null : name.substring(name.lastIndexOf(':') + 1);
            String repository = name.contains("@") ? name.substring(0, name.indexOf('@')) : name.substring(0, name.lastIndexOf(':'));
            out.add(new ImageSummary(name, repository, tag, image.target().digest(), image.id(), Instant.EPOCH,
                    image.contentSize(), "linux/amd64"));
        });
        return out;
    }

    @Override
    public Image get(String reference) {
        Image named = byName.get(reference);
        if (named != null) {
            return named;
        }
        return byName.values().stream().filter(i -> i.id().toString().equals(reference)).findFirst()
                .orElseThrow(() -> HakoException.notFound("no such image: %s", reference));
    }

    @Override
    public PullResult pull(String reference, String platform, Progress progress, RequestAuth auth, Cancellation cancel) {
        pullAuths.add(auth);
        Image image = offered.get(reference);
        if (image == null) {
            throw HakoException.notFound("%s: not found at the registry", reference);
        }
        byName.put(reference, image);
        return new PullResult(reference, image.target().digest(), image.id(), false);
    }

    @Override
    public PullResult pull(String reference, String platform, Progress progress) {
        return pull(reference, platform, progress, null, new Cancellation());
    }

    @Override
    public RemoveResult remove(String reference, boolean force) {
        if (removeFailure != null) {
            throw removeFailure;
        }
        Image image = get(reference);
        byName.values().removeIf(i -> i == image);
        return new RemoveResult(List.of(reference), List.of(image.id().toString()));
    }

    @Override
    public long count() {
        return byName.values().stream().distinct().count();
    }

    @Override
    public List<String> recover() {
        return List.of();
    }

    @Override
    public void close() {}

    // Not what the CRI asks of images.
    @Override
    public List<String> repoDigests(Digest id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String inspect(String reference) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String tag(String source, String target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PushResult push(String reference, Progress progress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Digest importTarball(InputStream tarball, String reference, List<String> changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void save(List<String> references, OutputStream out) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> load(InputStream archive, Progress progress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PruneResult prune() {
        throw new UnsupportedOperationException();
    }
}
