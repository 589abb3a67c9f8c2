package dev.hako.cli;

import dev.hako.api.v1.ImageSummary;
import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.InspectImageRequest;
import dev.hako.api.v1.InspectImageResponse;
import dev.hako.api.v1.LayerProgress;
import dev.hako.api.v1.ListImagesRequest;
import dev.hako.api.v1.ListImagesResponse;
import dev.hako.api.v1.PullProgress;
import dev.hako.api.v1.PullRequest;
import dev.hako.api.v1.PullResult;
import dev.hako.api.v1.SystemGrpc;
import dev.hako.api.v1.VersionRequest;
import dev.hako.api.v1.VersionResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The training run for the CLI's JDK AOT cache (`java -XX:AOTCacheOutput=hako.aot -cp ...
 * dev.hako.cli.AotTraining`): runs the common commands in-process against a canned daemon on a
 * temporary socket, so the cache holds the gRPC, Netty and protobuf classes of a real round trip,
 * not only those of the help text. Never loaded by a normal `hako` run.
 */
public final class AotTraining {
    private AotTraining() {}

    @SuppressWarnings("deprecation") // EpollEventLoopGroup, as in Daemon
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hako-aot");
        Path socket = dir.resolve("hako.sock");
        EventLoopGroup group = new EpollEventLoopGroup(1);
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .addService(new CannedSystem())
                .addService(new CannedImages())
                .build()
                .start();
        try {
            String[][] commands = {
                {"--help"}, {"pull", "--bad"}, {"version"}, {"images"}, {"images", "--format", "json"},
                {"image", "inspect", "busybox"}, {"pull", "busybox"},
            };
            for (String[] command : commands) {
                PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
                try (Cli cli = new Cli(new ByteArrayInputStream(new byte[0]), discard, discard,
                        Map.of(Cli.SOCKET_ENV, socket.toString()), new ConsoleTerminal(Map.of()), Clock.systemDefaultZone())) {
                    Main.run(cli, command);
                }
            }
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static final class CannedSystem extends SystemGrpc.SystemImplBase {
        @Override
        public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
            response.onNext(VersionResponse.newBuilder().setVersion("training").setApiVersion(ClientVersion.API_VERSION)
                    .setJavaVersion(ClientVersion.javaVersion()).setOs("linux").setArch("amd64").build());
            response.onCompleted();
        }
    }

    private static final class CannedImages extends ImagesGrpc.ImagesImplBase {
        private static final String ID = "sha256:" + "0".repeat(64);

        @Override
        public void list(ListImagesRequest request, StreamObserver<ListImagesResponse> response) {
            response.onNext(ListImagesResponse.newBuilder().addImages(ImageSummary.newBuilder()
                    .setName("docker.io/library/busybox:latest").setRepository("docker.io/library/busybox").setTag("latest")
                    .setDigest(ID).setImageId(ID).setCreatedUnix(1_700_000_000L).setSize(4_261_520)).build());
            response.onCompleted();
        }

        @Override
        public void inspect(InspectImageRequest request, StreamObserver<InspectImageResponse> response) {
            response.onNext(InspectImageResponse.newBuilder().setJson("{\"Id\":\"" + ID + "\",\"RepoTags\":[]}").build());
            response.onCompleted();
        }

        @Override
        public void pull(PullRequest request, StreamObserver<PullProgress> response) {
            response.onNext(PullProgress.newBuilder().setStatus("latest: Pulling from library/busybox").build());
            for (LayerProgress.Phase phase : new LayerProgress.Phase[] {
                LayerProgress.Phase.WAITING, LayerProgress.Phase.DOWNLOADING, LayerProgress.Phase.EXTRACTING,
                LayerProgress.Phase.COMPLETE}) {
                response.onNext(PullProgress.newBuilder().setLayer(LayerProgress.newBuilder()
                        .setId("000000000000").setPhase(phase).setCurrent(1000).setTotal(2000)).build());
            }
            response.onNext(PullProgress.newBuilder().setResult(PullResult.newBuilder()
                    .setReference("docker.io/library/busybox:latest").setDigest(ID).setImageId(ID)).build());
            response.onCompleted();
        }
    }
}
