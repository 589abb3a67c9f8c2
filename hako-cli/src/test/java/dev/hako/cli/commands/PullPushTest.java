package dev.hako.cli.commands;

import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.LayerProgress;
import dev.hako.api.v1.LayerProgress.Phase;
import dev.hako.api.v1.LayerPushProgress;
import dev.hako.api.v1.PullProgress;
import dev.hako.api.v1.PullRequest;
import dev.hako.api.v1.PullResult;
import dev.hako.api.v1.PushProgress;
import dev.hako.api.v1.PushRequest;
import dev.hako.api.v1.PushResult;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeDaemon;
import dev.hako.cli.FakeTerminal;
import dev.hako.cli.progress.VirtualScreen;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PullPushTest {
    static final String DIGEST = "sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7";

    @TempDir
    Path dir;
    private FakeDaemon daemon;
    private final List<Object> requests = new CopyOnWriteArrayList<>();
    /** What the fake daemon streams back for a pull; a trailing null means "fail the call". */
    private List<PullProgress> pullEvents = List.of();
    private boolean pullFails;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    private CliRunner hako() throws Exception {
        daemon = FakeDaemon.start(dir, new ImagesGrpc.ImagesImplBase() {
            @Override
            public void pull(PullRequest request, StreamObserver<PullProgress> response) {
                requests.add(request);
                pullEvents.forEach(response::onNext);
                if (pullFails) {
                    response.onError(Status.NOT_FOUND.withDescription("manifest unknown: busybox:nope").asRuntimeException());
                } else {
                    response.onCompleted();
                }
            }

            @Override
            public void push(PushRequest request, StreamObserver<PushProgress> response) {
                requests.add(request);
                response.onNext(PushProgress.newBuilder().setStatus("The push refers to repository [localhost:5000/busybox]").build());
                response.onNext(pushEvent("aaaaaaaaaaaa", LayerPushProgress.Phase.PREPARING, 0, 0));
                response.onNext(pushEvent("bbbbbbbbbbbb", LayerPushProgress.Phase.PREPARING, 0, 0));
                response.onNext(pushEvent("aaaaaaaaaaaa", LayerPushProgress.Phase.PUSHING, 1_000_000, 2_000_000));
                response.onNext(pushEvent("bbbbbbbbbbbb", LayerPushProgress.Phase.LAYER_ALREADY_EXISTS, 0, 0));
                response.onNext(pushEvent("aaaaaaaaaaaa", LayerPushProgress.Phase.PUSHING, 2_000_000, 2_000_000));
                response.onNext(pushEvent("aaaaaaaaaaaa", LayerPushProgress.Phase.PUSHED, 0, 0));
                response.onNext(PushProgress.newBuilder().setResult(PushResult.newBuilder()
                        .setReference("localhost:5000/busybox:v1").setDigest(DIGEST).setSize(527)).build());
                response.onCompleted();
            }
        });
        return new CliRunner().socket(daemon.socket());
    }

    static PullProgress layer(String id, Phase phase, long current, long total) {
        return PullProgress.newBuilder().setLayer(LayerProgress.newBuilder()
                .setId(id).setPhase(phase).setCurrent(current).setTotal(total)).build();
    }

    static PushProgress pushEvent(String id, LayerPushProgress.Phase phase, long current, long total) {
        return PushProgress.newBuilder().setLayer(LayerPushProgress.newBuilder()
                .setId(id).setPhase(phase).setCurrent(current).setTotal(total)).build();
    }

    static List<PullProgress> busyboxPull(boolean upToDate) {
        return List.of(
                PullProgress.newBuilder().setStatus("latest: Pulling from library/busybox").build(),
                layer("9ad63333ebc9", Phase.WAITING, 0, 0),
                layer("9ad63333ebc9", Phase.DOWNLOADING, 100_000, 2_150_000),
                layer("9ad63333ebc9", Phase.DOWNLOADING, 1_000_000, 2_150_000),
                layer("9ad63333ebc9", Phase.DOWNLOADING, 2_150_000, 2_150_000),
                layer("9ad63333ebc9", Phase.VERIFYING, 0, 0),
                layer("9ad63333ebc9", Phase.EXTRACTING, 1_000_000, 2_150_000),
                layer("9ad63333ebc9", Phase.EXTRACTING, 2_150_000, 2_150_000),
                layer("9ad63333ebc9", Phase.COMPLETE, 0, 0),
                PullProgress.newBuilder().setResult(PullResult.newBuilder().setReference("docker.io/library/busybox:latest")
                        .setDigest(DIGEST).setImageId("sha256:a416a98b71e2").setUpToDate(upToDate)).build());
    }

    @Test
    void pullToAPipePrintsPhaseChangesOnly() throws Exception {
        pullEvents = busyboxPull(false);
        Result r = hako().run("pull", "busybox");
        assertEquals(0, r.status(), r::toString);
        assertEquals("""
                Using default tag: latest
                latest: Pulling from library/busybox
                9ad63333ebc9: Pulling fs layer
                9ad63333ebc9: Downloading
                9ad63333ebc9: Verifying Checksum
                9ad63333ebc9: Extracting
                9ad63333ebc9: Pull complete
                Digest: sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7
                Status: Downloaded newer image for busybox:latest
                docker.io/library/busybox:latest
                """, r.out());
        assertEquals(List.of(PullRequest.newBuilder().setReference("busybox").build()), requests);
    }

    @Test
    void pullOnATerminalRedrawsLayersInPlace() throws Exception {
        pullEvents = busyboxPull(true);
        Result r = hako().terminal(new FakeTerminal(true, 120)).run("pull", "--platform", "linux/arm64", "busybox:latest");
        assertEquals(0, r.status(), r::toString);
        assertEquals("""
                latest: Pulling from library/busybox
                9ad63333ebc9: Pull complete
                Digest: sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7
                Status: Image is up to date for busybox:latest
                docker.io/library/busybox:latest

                """, VirtualScreen.replay(r.out()));
        assertEquals("linux/arm64", ((PullRequest) requests.getFirst()).getPlatform());
    }

    @Test
    void quietPullPrintsTheReferenceOnly() throws Exception {
        pullEvents = busyboxPull(false);
        Result r = hako().run("pull", "-q", "busybox");
        assertEquals("docker.io/library/busybox:latest\n", r.out());
    }

    @Test
    void aFailedPullReportsTheDaemonsError() throws Exception {
        pullEvents = List.of(PullProgress.newBuilder().setStatus("nope: Pulling from library/busybox").build());
        pullFails = true;
        Result r = hako().run("pull", "busybox:nope");
        assertEquals(1, r.status());
        assertEquals("nope: Pulling from library/busybox\n", r.out());
        assertEquals("Error response from daemon: manifest unknown: busybox:nope\n", r.err());
    }

    @Test
    void pushShowsLayersThenTheDigestLine() throws Exception {
        Result r = hako().run("push", "localhost:5000/busybox:v1");
        assertEquals(0, r.status(), r::toString);
        assertEquals("""
                The push refers to repository [localhost:5000/busybox]
                aaaaaaaaaaaa: Preparing
                bbbbbbbbbbbb: Preparing
                aaaaaaaaaaaa: Pushing
                bbbbbbbbbbbb: Layer already exists
                aaaaaaaaaaaa: Pushed
                v1: digest: sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7 size: 527
                """, r.out());
        assertEquals(List.of(PushRequest.newBuilder().setReference("localhost:5000/busybox:v1").build()), requests);
    }

    @Test
    void pushOnATerminal() throws Exception {
        Result r = hako().terminal(new FakeTerminal(true, 80)).run("image", "push", "localhost:5000/busybox:v1");
        assertEquals("""
                The push refers to repository [localhost:5000/busybox]
                aaaaaaaaaaaa: Pushed
                bbbbbbbbbbbb: Layer already exists
                v1: digest: sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7 size: 527

                """, VirtualScreen.replay(r.out()));
    }
}
