package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.cri.v1.AuthConfig;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.ImageStatusRequest;
import dev.hako.cri.v1.ImageStatusResponse;
import dev.hako.cri.v1.ListImagesRequest;
import dev.hako.cri.v1.ListImagesResponse;
import dev.hako.cri.v1.PullImageRequest;
import dev.hako.cri.v1.PullImageResponse;
import dev.hako.cri.v1.RemoveImageRequest;
import dev.hako.cri.v1.RemoveImageResponse;
import dev.hako.errdefs.HakoException;
import dev.hako.images.Image;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The CRI ImageService's translation, against an image store in memory. */
class CriImageApiTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final FakeImageService images = new FakeImageService();
    private final CriImageApi api = new CriImageApi(images, Path.of("/var/lib/hako"));

    @Test
    void oneCriImagePerIdWithEveryNameAndANumericUserAsUid() throws Exception {
        Image web = images.add("1000:1000", "registry.local/web:1", "registry.local/web:latest");
        images.add("nobody", "registry.local/tools:1");

        var call = new FakeServerCall<ListImagesResponse>(true);
        api.listImages(ListImagesRequest.getDefaultInstance(), call);
        ListImagesResponse response = call.next(WAIT);

        assertEquals(2, response.getImagesCount());
        var first = response.getImages(0);
        assertEquals(web.id().toString(), first.getId());
        assertEquals(java.util.List.of("registry.local/web:1", "registry.local/web:latest"), first.getRepoTagsList());
        assertEquals(java.util.List.of("registry.local/web@" + web.target().digest()), first.getRepoDigestsList(),
                "one repo digest per repository, without repeats");
        assertEquals(1000, first.getUid().getValue());
        assertEquals("nobody", response.getImages(1).getUsername());
        assertEquals(web.contentSize(), first.getSize());
    }

    @Test
    void theStatusOfAnAbsentImageIsEmptyNotAnError() throws Exception {
        var call = new FakeServerCall<ImageStatusResponse>(true);
        api.imageStatus(ImageStatusRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage("nosuch:1")).build(), call);
        assertFalse(call.next(WAIT).hasImage());
        assertTrue(call.isCompleted());
    }

    @Test
    void aPullPassesTheKubeletsCredentialsAndAnswersTheImageId() throws Exception {
        Image offered = images.offer("registry.local/app:2");
        String auth = Base64.getEncoder().encodeToString("kube:secret".getBytes());

        var call = new FakeServerCall<PullImageResponse>(true);
        api.pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage("registry.local/app:2"))
                .setAuth(AuthConfig.newBuilder().setAuth(auth)).build(), call);

        assertEquals(offered.id().toString(), call.next(WAIT).getImageRef());
        assertEquals("kube", images.pullAuths.getFirst().credentials().username());
        assertEquals("secret", images.pullAuths.getFirst().credentials().password());
    }

    @Test
    void authThatIsNotUserColonPasswordIsRefusedBeforeAnyPull() throws Exception {
        images.offer("registry.local/app:2");
        var call = new FakeServerCall<PullImageResponse>(true);
        api.pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage("registry.local/app:2"))
                .setAuth(AuthConfig.newBuilder().setAuth(Base64.getEncoder().encodeToString("nocolon".getBytes()))).build(), call);
        Status status = call.errorStatus(WAIT);
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertTrue(status.getDescription().contains("PullImageRequest.auth.auth"), status.getDescription());
        assertTrue(images.pullAuths.isEmpty());
    }

    @Test
    void removingAnImageThatIsGoneSucceedsButOtherFailuresReachTheKubelet() throws Exception {
        var gone = new FakeServerCall<RemoveImageResponse>(true);
        api.removeImage(RemoveImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage("nosuch:1")).build(), gone);
        assertNull(gone.errorStatus(Duration.ZERO));
        assertTrue(gone.isCompleted());

        images.add("", "registry.local/busy:1");
        images.removeFailure = HakoException.precondition("image is in use by a running container");
        var busy = new FakeServerCall<RemoveImageResponse>(true);
        api.removeImage(RemoveImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage("registry.local/busy:1")).build(), busy);
        assertEquals(Status.Code.FAILED_PRECONDITION, busy.errorStatus(WAIT).getCode());
    }
}
