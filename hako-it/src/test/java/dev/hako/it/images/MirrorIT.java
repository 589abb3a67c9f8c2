package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.Blob;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.FaultyProxy;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import org.junit.jupiter.api.Test;

/**
 * A mirror for docker.io on loopback, configured in hako.toml: {@code hako pull busybox} is served
 * by it. The mirror holds the image, so nothing is ever asked of docker.io itself.
 */
class MirrorIT {
    @Test
    void dockerHubImagesComeFromTheConfiguredMirror() throws Exception {
        RootCheck.requireRoot();
        try (LocalRegistry registry = LocalRegistry.start();
             RegistryWriter w = new RegistryWriter(registry.url());
             FaultyProxy mirror = FaultyProxy.start(registry.url())) {
            TestImage image = TestImage.builder().cmd("sh").layer(Busybox.rootfs()).build();
            for (Blob b : image.blobs()) {
                w.pushBlob("library/busybox", b.mediaType(), b.bytes());
            }
            w.pushManifest("library/busybox", "latest", image.manifest().mediaType(), image.manifest().bytes());
            String config = """
                    [registries."docker.io"]
                    mirrors = ["%s"]
                    """.formatted(mirror.url());
            try (HakoDaemon hakod = HakoDaemon.start(config)) {
                CliResult pull = hakod.hako("pull", "busybox").requireSuccess();
                assertTrue(pull.stdout().contains("latest: Pulling from library/busybox"), pull.stdout());
                assertTrue(pull.stdout().strip().endsWith("docker.io/library/busybox:latest"), pull.stdout());
                assertTrue(mirror.requests().contains("GET /v2/library/busybox/manifests/latest"), mirror.requests().toString());
                assertTrue(mirror.requests().stream().anyMatch(r -> r.contains("/blobs/" + image.layers().getFirst().digest())));
                CliResult images = hakod.hako("images").requireSuccess();
                assertTrue(images.stdout().lines().anyMatch(l -> l.startsWith("busybox ") && l.contains("latest")),
                        images.stdout());
            }
        }
    }
}
