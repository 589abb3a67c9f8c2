package dev.hako.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.oci.Digest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImageSummaryTest {
    @Test
    void aRepoDigestIsTheRepositoryAndTheDigestItsNamePointsAt() {
        Digest target = Digest.sha256(new byte[] {1});
        ImageSummary tagged = new ImageSummary("registry.k8s.io/e2e-test-images/busybox:1.29-2", "", "1.29-2", target,
                Digest.sha256(new byte[] {2}), Instant.EPOCH, 0, "linux/amd64");
        assertEquals("registry.k8s.io/e2e-test-images/busybox@" + target, tagged.repoDigest());
        ImageSummary byDigest = new ImageSummary("docker.io/library/busybox@" + target, "", null, target,
                Digest.sha256(new byte[] {2}), Instant.EPOCH, 0, "linux/amd64");
        assertEquals("docker.io/library/busybox@" + target, byDigest.repoDigest());
    }
}
