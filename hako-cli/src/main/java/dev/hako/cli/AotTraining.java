package dev.hako.cli;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.ContainerExit;
import dev.hako.api.v1.ContainerSummary;
import dev.hako.api.v1.ContainersGrpc;
import dev.hako.api.v1.CreateContainerRequest;
import dev.hako.api.v1.CreateContainerResponse;
import dev.hako.api.v1.ExecInput;
import dev.hako.api.v1.ExecOutput;
import dev.hako.api.v1.ImageSummary;
import dev.hako.api.v1.InspectContainerRequest;
import dev.hako.api.v1.InspectContainerResponse;
import dev.hako.api.v1.ListContainersRequest;
import dev.hako.api.v1.ListContainersResponse;
import dev.hako.api.v1.LogEntry;
import dev.hako.api.v1.LogsRequest;
import dev.hako.api.v1.RemoveContainerRequest;
import dev.hako.api.v1.RemoveContainerResponse;
import dev.hako.api.v1.StartContainerRequest;
import dev.hako.api.v1.StartContainerResponse;
import dev.hako.api.v1.StopContainerRequest;
import dev.hako.api.v1.StopContainerResponse;
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
import dev.hako.ttrpc.TtrpcChannel;
import dev.hako.ttrpc.TtrpcServer;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The training run for the CLI's JDK AOT cache (`java -XX:AOTCacheOutput=hako.aot -cp ...
 * dev.hako.cli.AotTraining`): runs the common commands in-process against a canned daemon on a
 * temporary socket, so the cache holds the gRPC, ttrpc and protobuf classes of a real round trip,
 * not only those of the help text. Never loaded by a normal `hako` run.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 2 && args[0].equals("--serve")) {
            serve(Path.of(args[1]));
            return;
        }
        Path dir = Files.createTempDirectory("hako-aot");
        Path socket = dir.resolve("hako.sock");
        // The canned daemon runs in a JVM of its own, so the cache holds only the client's classes:
        // every class in it is loaded at each start of the CLI, needed or not.
        Process daemon = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), AotTraining.class.getName(), "--serve", socket.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            for (int i = 0; i < 300 && !Files.exists(TtrpcChannel.socketBeside(socket)); i++) {
                Thread.sleep(20);
            }
            String[][] commands = {
                {"--help"}, {"pull", "--bad"}, {"version"}, {"images"}, {"images", "--format", "json"},
                {"image", "inspect", "busybox"}, {"pull", "busybox"},
                {"run", "--help"}, {"run", "--rm", "busybox", "echo", "hi"}, {"run", "-d", "--name", "web", "-e", "A=1",
                    "-m", "64m", "--cpus", "0.5", "busybox", "sleep", "100"}, {"ps"}, {"ps", "-a", "--format", "json"},
                {"exec", "web", "true"}, {"logs", "web"}, {"logs", "-t", "web"}, {"stop", "web"}, {"rm", "-f", "web"},
                {"inspect", "web"},
            };
            for (String[] command : commands) {
                PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
                try (Cli cli = new Cli(new ByteArrayInputStream(new byte[0]), discard, discard,
                        Map.of(Cli.SOCKET_ENV, socket.toString()), new ConsoleTerminal(Map.of()), Clock.systemDefaultZone())) {
                    Main.runConnectingEarly(cli, command);
                }
            }
        } finally {
            daemon.destroyForcibly().waitFor();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** The canned daemon: serves the CLI's socket until killed. */
    private static void serve(Path socket) throws IOException, InterruptedException {
        TtrpcServer.start(TtrpcChannel.socketBeside(socket),
                List.of(new CannedSystem().bindService(), new CannedImages().bindService(), new CannedContainers().bindService()),
                Executors.newCachedThreadPool());
        Thread.currentThread().join();
    }

    private static final class CannedSystem extends SystemGrpc.SystemImplBase {
        @Override
        public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
            response.onNext(VersionResponse.newBuilder().setVersion("training").setApiVersion(ClientVersion.API_VERSION)
                    .setJavaVersion(ClientVersion.javaVersion()).setOs("linux").setArch("amd64").build());
            response.onCompleted();
        }
    }

    /** A container that prints "hi" and exits 0 once started; one process that does the same under exec. */
    private static final class CannedContainers extends ContainersGrpc.ContainersImplBase {
        private static final String ID = "4f3c2b1a0e9d".repeat(5) + "8c7b";
        private volatile StreamObserver<AttachOutput> attached;

        @Override
        public void create(CreateContainerRequest request, StreamObserver<CreateContainerResponse> response) {
            response.onNext(CreateContainerResponse.newBuilder().setId(ID).build());
            response.onCompleted();
        }

        @Override
        public StreamObserver<AttachInput> attach(StreamObserver<AttachOutput> response) {
            return new StreamObserver<>() {
                @Override
                public void onNext(AttachInput input) {
                    if (input.hasStart()) {
                        attached = response;
                        response.onNext(AttachOutput.getDefaultInstance());
                    }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
            };
        }

        @Override
        public void start(StartContainerRequest request, StreamObserver<StartContainerResponse> response) {
            response.onNext(StartContainerResponse.getDefaultInstance());
            response.onCompleted();
            StreamObserver<AttachOutput> out = attached;
            attached = null;
            if (out != null) {
                out.onNext(AttachOutput.newBuilder().setStdout(ByteString.copyFromUtf8("hi\n")).build());
                out.onNext(AttachOutput.newBuilder().setExit(ContainerExit.newBuilder().setExitCode(0)).build());
                out.onCompleted();
            }
        }

        @Override
        public StreamObserver<ExecInput> exec(StreamObserver<ExecOutput> response) {
            return new StreamObserver<>() {
                @Override
                public void onNext(ExecInput input) {
                    if (input.hasStart()) {
                        response.onNext(ExecOutput.getDefaultInstance());
                        response.onNext(ExecOutput.newBuilder().setStdout(ByteString.copyFromUtf8("hi\n")).build());
                        response.onNext(ExecOutput.newBuilder().setExitCode(0).build());
                        response.onCompleted();
                    }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
            };
        }

        @Override
        public void list(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
            response.onNext(ListContainersResponse.newBuilder().addContainers(ContainerSummary.newBuilder().setId(ID)
                    .setName("web").setImage("busybox").setCommand("sleep 100").setCreatedUnix(1_700_000_000L)
                    .setState("running").setStatus("Up 5 seconds")).build());
            response.onCompleted();
        }

        @Override
        public void logs(LogsRequest request, StreamObserver<LogEntry> response) {
            response.onNext(LogEntry.newBuilder().setStream("stdout").setData(ByteString.copyFromUtf8("hi\n"))
                    .setTimestamp("2025-06-01T12:00:00.123456789Z").build());
            response.onNext(LogEntry.newBuilder().setStream("stderr").setData(ByteString.copyFromUtf8("oops\n"))
                    .setTimestamp("2025-06-01T12:00:01Z").build());
            response.onCompleted();
        }

        @Override
        public void inspect(InspectContainerRequest request, StreamObserver<InspectContainerResponse> response) {
            response.onNext(InspectContainerResponse.newBuilder().setJson("{\"Id\":\"" + ID + "\",\"Config\":{\"Tty\":false}}").build());
            response.onCompleted();
        }

        @Override
        public void stop(StopContainerRequest request, StreamObserver<StopContainerResponse> response) {
            response.onNext(StopContainerResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void remove(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> response) {
            response.onNext(RemoveContainerResponse.newBuilder().setId(ID).build());
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
