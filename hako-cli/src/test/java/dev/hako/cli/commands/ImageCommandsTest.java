package dev.hako.cli.commands;

import dev.hako.api.v1.ImageSummary;
import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.InspectImageRequest;
import dev.hako.api.v1.InspectImageResponse;
import dev.hako.api.v1.ListImagesRequest;
import dev.hako.api.v1.ListImagesResponse;
import dev.hako.api.v1.PruneImagesRequest;
import dev.hako.api.v1.PruneImagesResponse;
import dev.hako.api.v1.RemoveImageRequest;
import dev.hako.api.v1.RemoveImageResponse;
import dev.hako.api.v1.TagImageRequest;
import dev.hako.api.v1.TagImageResponse;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeDaemon;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.hako.cli.CliRunner.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCommandsTest {
    static final String ID = "sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824";
    static final String DIGEST = "sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7";

    private FakeDaemon daemon;
    private CliRunner hako;
    private final List<Object> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        daemon = FakeDaemon.start(dir, new ImagesGrpc.ImagesImplBase() {
            @Override
            public void list(ListImagesRequest request, StreamObserver<ListImagesResponse> response) {
                requests.add(request);
                response.onNext(ListImagesResponse.newBuilder()
                        .addImages(ImageSummary.newBuilder().setName("docker.io/library/busybox:latest")
                                .setRepository("docker.io/library/busybox").setTag("latest").setDigest(DIGEST).setImageId(ID)
                                .setCreatedUnix(NOW.minusSeconds(90 * 60).getEpochSecond()).setSize(4_261_520))
                        .addImages(ImageSummary.newBuilder().setName("localhost:5000/busybox:v1")
                                .setRepository("localhost:5000/busybox").setTag("v1").setDigest(DIGEST).setImageId(ID)
                                .setCreatedUnix(NOW.minusSeconds(90 * 60).getEpochSecond()).setSize(4_261_520))
                        .build());
                response.onCompleted();
            }

            @Override
            public void inspect(InspectImageRequest request, StreamObserver<InspectImageResponse> response) {
                requests.add(request);
                if (request.getReference().equals("busybox")) {
                    response.onNext(InspectImageResponse.newBuilder()
                            .setJson("{\"Id\":\"" + ID + "\",\"RepoTags\":[\"busybox:latest\"],\"Size\":4261520}").build());
                    response.onCompleted();
                } else {
                    response.onError(Status.NOT_FOUND.withDescription("No such image: " + request.getReference()).asRuntimeException());
                }
            }

            @Override
            public void tag(TagImageRequest request, StreamObserver<TagImageResponse> response) {
                requests.add(request);
                response.onNext(TagImageResponse.newBuilder().setTarget(request.getTarget()).build());
                response.onCompleted();
            }

            @Override
            public void remove(RemoveImageRequest request, StreamObserver<RemoveImageResponse> response) {
                requests.add(request);
                switch (request.getReference()) {
                    case "nope" -> response.onError(
                            Status.NOT_FOUND.withDescription("No such image: nope:latest").asRuntimeException());
                    case "busybox" -> {
                        response.onNext(RemoveImageResponse.newBuilder()
                                .addUntagged("docker.io/library/busybox:latest")
                                .addUntagged("docker.io/library/busybox@" + DIGEST)
                                .addDeleted(ID).build());
                        response.onCompleted();
                    }
                    default -> {
                        response.onNext(RemoveImageResponse.newBuilder().addUntagged(request.getReference()).build());
                        response.onCompleted();
                    }
                }
            }

            @Override
            public void prune(PruneImagesRequest request, StreamObserver<PruneImagesResponse> response) {
                requests.add(request);
                response.onNext(PruneImagesResponse.newBuilder().addDeletedBlobs("sha256:aaa").addDeletedBlobs("sha256:bbb")
                        .addDeletedSnapshots("sha256:ccc").setReclaimedBytes(12_345_678).build());
                response.onCompleted();
            }
        });
        hako = new CliRunner().socket(daemon.socket());
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    @Test
    void imagesTable() {
        Result r = hako.run("images");
        assertEquals(0, r.status(), r::toString);
        assertEquals("""
                REPOSITORY               TAG       IMAGE ID       CREATED       SIZE
                busybox                  latest    a416a98b71e2   2 hours ago   4.26MB
                localhost:5000/busybox   v1        a416a98b71e2   2 hours ago   4.26MB
                """, r.out());
        assertEquals(r.out(), hako.run("image", "ls").out());
        assertEquals(r.out(), hako.run("image", "list").out());
    }

    @Test
    void imagesQuietAndFilter() {
        assertEquals("a416a98b71e2\n", hako.run("images", "-q").out());
        assertEquals(ID + "\n", hako.run("images", "-q", "--no-trunc").out());
        Result r = hako.run("images", "--digests", "busybox");
        assertEquals("REPOSITORY   TAG       DIGEST" + " ".repeat(68) + "IMAGE ID       CREATED       SIZE\n"
                + "busybox      latest    " + DIGEST + "   a416a98b71e2   2 hours ago   4.26MB\n", r.out());
        assertEquals(1, hako.run("images", "localhost:5000/busybox:v1").out().lines().count() - 1);
    }

    @Test
    void imagesJson() {
        Result r = hako.run("images", "--format", "json");
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        assertEquals("{\"Containers\":\"N/A\",\"CreatedAt\":\"2025-06-01 10:30:00 +0000 UTC\",\"CreatedSince\":\"2 hours ago\","
                + "\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"a416a98b71e2\",\"Repository\":\"busybox\",\"SharedSize\":\"N/A\","
                + "\"Size\":\"4.26MB\",\"Tag\":\"latest\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"4.262MB\"}", lines.getFirst());
    }

    @Test
    void inspectPrintsWhatWasFoundThenTheErrors() {
        Result r = hako.run("image", "inspect", "busybox", "nope");
        assertEquals(1, r.status());
        assertEquals("""
                [
                    {
                        "Id": "%s",
                        "RepoTags": [
                            "busybox:latest"
                        ],
                        "Size": 4261520
                    }
                ]
                """.formatted(ID), r.out());
        assertEquals("Error: No such image: nope\n", r.err());
    }

    @Test
    void inspectOfNothingFoundPrintsAnEmptyArray() {
        Result r = hako.run("image", "inspect", "nope");
        assertEquals(1, r.status());
        assertEquals("[]\n", r.out());
        assertEquals("Error: No such image: nope\n", r.err());
    }

    @Test
    void tagSendsBothNamesAndPrintsNothing() {
        Result r = hako.run("tag", "busybox", "localhost:5000/busybox:v2");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out());
        assertEquals(List.of(TagImageRequest.newBuilder().setSource("busybox").setTarget("localhost:5000/busybox:v2").build()),
                requests);
        assertEquals(0, hako.run("image", "tag", "a", "b").status());
    }

    @Test
    void rmiGoesOnAfterAFailure() {
        Result r = hako.run("rmi", "-f", "busybox", "nope", "other:1");
        assertEquals(1, r.status());
        assertEquals("""
                Untagged: busybox:latest
                Untagged: busybox@%s
                Deleted: %s
                Untagged: other:1
                """.formatted(DIGEST, ID), r.out());
        assertEquals("Error response from daemon: No such image: nope:latest\n", r.err());
        assertEquals(3, requests.size());
        assertTrue(requests.stream().allMatch(q -> ((RemoveImageRequest) q).getForce()));
        assertEquals(0, hako.run("image", "rm", "other:1").status());
    }

    @Test
    void pruneWithForce() {
        Result r = hako.run("image", "prune", "-f");
        assertEquals(0, r.status(), r::toString);
        assertEquals("""
                Deleted Content:
                deleted: sha256:aaa
                deleted: sha256:bbb

                Deleted Snapshots:
                deleted: sha256:ccc

                Total reclaimed space: 12.35MB
                """, r.out());
    }

    @Test
    void pruneAsksFirst() {
        Result declined = hako.stdin("n\n").run("image", "prune");
        assertEquals(0, declined.status());
        assertEquals(ImagePruneCommand.WARNING, declined.out());
        assertTrue(requests.isEmpty());

        Result accepted = hako.stdin("y\n").run("image", "prune");
        assertTrue(accepted.out().startsWith(ImagePruneCommand.WARNING + "Deleted Content:\n"), accepted::toString);
        assertEquals(1, requests.size());
    }
}
