package dev.hako.cli;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.ContainerExit;
import dev.hako.api.v1.ContainerStatsRequest;
import dev.hako.api.v1.ContainerStatsResponse;
import dev.hako.api.v1.ContainerSummary;
import dev.hako.api.v1.ContainersGrpc;
import dev.hako.api.v1.CopyFromRequest;
import dev.hako.api.v1.CopyToRequest;
import dev.hako.api.v1.CopyToResponse;
import dev.hako.api.v1.CreateContainerRequest;
import dev.hako.api.v1.CreateContainerResponse;
import dev.hako.api.v1.DataChunk;
import dev.hako.api.v1.ExecInput;
import dev.hako.api.v1.ExecOutput;
import dev.hako.api.v1.ExecStart;
import dev.hako.api.v1.InspectContainerRequest;
import dev.hako.api.v1.InspectContainerResponse;
import dev.hako.api.v1.KillContainerRequest;
import dev.hako.api.v1.KillContainerResponse;
import dev.hako.api.v1.ListContainersRequest;
import dev.hako.api.v1.ListContainersResponse;
import dev.hako.api.v1.LogEntry;
import dev.hako.api.v1.LogsRequest;
import dev.hako.api.v1.RemoveContainerRequest;
import dev.hako.api.v1.RemoveContainerResponse;
import dev.hako.api.v1.RestartContainerRequest;
import dev.hako.api.v1.RestartContainerResponse;
import dev.hako.api.v1.StartContainerRequest;
import dev.hako.api.v1.StartContainerResponse;
import dev.hako.api.v1.StopContainerRequest;
import dev.hako.api.v1.StopContainerResponse;
import dev.hako.api.v1.TopRequest;
import dev.hako.api.v1.TopResponse;
import dev.hako.api.v1.WaitContainerRequest;
import dev.hako.api.v1.WaitContainerResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scriptable stand-in for hakod's Containers service: it records what the CLI sends, in order
 * (`events`), and answers as the test sets it up. Attach behaves as the daemon is asked to: an
 * empty message once attached, the container's output after Start, then the exit.
 */
public class FakeContainers extends ContainersGrpc.ContainersImplBase {
    public static final String ID = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";

    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<Object> requests = new CopyOnWriteArrayList<>();
    public final List<AttachInput> attachInputs = new CopyOnWriteArrayList<>();
    public final List<ExecInput> execInputs = new CopyOnWriteArrayList<>();
    public final ByteArrayOutputStream copiedTo = new ByteArrayOutputStream();

    /** Images Create answers NOT_FOUND for (until the fake Images service pulls them). */
    public final Set<String> missingImages = new HashSet<>();
    /** Containers that every per-container call answers NOT_FOUND for. */
    public final Set<String> missingContainers = new HashSet<>();
    public final List<String> warnings = new ArrayList<>();
    /** Output the container writes once started (stdout and stderr messages). */
    public final List<AttachOutput> output = new ArrayList<>();
    public int exitCode;
    /** When set, Start fails with it. */
    public volatile StatusRuntimeException startError;
    /** Attach echoes stdin to stdout until close_stdin, then exits; instead of `output`. */
    public boolean echoStdin;
    /** After Start, end the attach stream without an exit message (as a restarting daemon would). */
    public boolean endWithoutExit;
    /** Attach never says it is ready (a daemon without the handshake): the CLI waits, then goes on. */
    public boolean silentAttach;

    public final List<ContainerSummary> summaries = new ArrayList<>();
    public final Map<String, String> inspectJson = new HashMap<>();
    public final List<LogEntry> logs = new ArrayList<>();
    public final List<ExecOutput> execOutput = new ArrayList<>();
    public int execExitCode;
    public StatusRuntimeException execError;
    public final Map<String, ContainerStatsResponse> stats = new HashMap<>();
    public TopResponse top = TopResponse.getDefaultInstance();
    /** CopyFrom's archive per path; other paths are NOT_FOUND. */
    public final Map<String, byte[]> archives = new HashMap<>();

    private volatile StreamObserver<AttachOutput> attached;

    private boolean missing(String container, StreamObserver<?> response) {
        if (missingContainers.contains(container)) {
            response.onError(Status.NOT_FOUND.withDescription("No such container: " + container).asRuntimeException());
            return true;
        }
        return false;
    }

    private static <T> void reply(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }

    @Override
    public void create(CreateContainerRequest request, StreamObserver<CreateContainerResponse> response) {
        events.add("create");
        requests.add(request);
        String image = request.getConfig().getImage();
        if (missingImages.contains(image)) {
            response.onError(Status.NOT_FOUND.withDescription("No such image: " + image).asRuntimeException());
            return;
        }
        reply(response, CreateContainerResponse.newBuilder().setId(ID).addAllWarnings(warnings).build());
    }

    @Override
    public StreamObserver<AttachInput> attach(StreamObserver<AttachOutput> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(AttachInput input) {
                attachInputs.add(input);
                switch (input.getInputCase()) {
                    case START -> {
                        events.add("attach");
                        if (missingContainers.contains(input.getStart().getContainer())) {
                            response.onError(Status.NOT_FOUND.withDescription("No such container: "
                                    + input.getStart().getContainer()).asRuntimeException());
                            return;
                        }
                        attached = response;
                        if (!silentAttach) {
                            send(AttachOutput.getDefaultInstance());
                        }
                    }
                    case STDIN -> {
                        if (echoStdin) {
                            send(AttachOutput.newBuilder().setStdout(input.getStdin()).build());
                        }
                    }
                    case CLOSE_STDIN -> {
                        if (echoStdin) {
                            exit();
                        }
                    }
                    default -> { }
                }
            }

            @Override
            public void onError(Throwable t) {
                events.add("attach-cancelled");
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private synchronized void send(AttachOutput message) {
        attached.onNext(message);
    }

    private synchronized void exit() {
        attached.onNext(AttachOutput.newBuilder().setExit(ContainerExit.newBuilder().setExitCode(exitCode)).build());
        attached.onCompleted();
    }

    @Override
    public void start(StartContainerRequest request, StreamObserver<StartContainerResponse> response) {
        events.add("start");
        requests.add(request);
        if (missing(request.getContainer(), response)) {
            return;
        }
        if (startError != null) {
            response.onError(startError);
            return;
        }
        reply(response, StartContainerResponse.getDefaultInstance());
        if (attached != null && !echoStdin) {
            output.forEach(this::send);
            if (endWithoutExit) {
                synchronized (this) {
                    attached.onCompleted();
                }
            } else {
                exit();
            }
        }
    }

    @Override
    public void stop(StopContainerRequest request, StreamObserver<StopContainerResponse> response) {
        events.add("stop");
        requests.add(request);
        if (!missing(request.getContainer(), response)) {
            reply(response, StopContainerResponse.getDefaultInstance());
        }
    }

    @Override
    public void kill(KillContainerRequest request, StreamObserver<KillContainerResponse> response) {
        events.add("kill");
        requests.add(request);
        if (!missing(request.getContainer(), response)) {
            reply(response, KillContainerResponse.getDefaultInstance());
        }
    }

    @Override
    public void restart(RestartContainerRequest request, StreamObserver<RestartContainerResponse> response) {
        events.add("restart");
        requests.add(request);
        if (!missing(request.getContainer(), response)) {
            reply(response, RestartContainerResponse.getDefaultInstance());
        }
    }

    @Override
    public void remove(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> response) {
        events.add("remove");
        requests.add(request);
        if (missing(request.getContainer(), response)) {
            return;
        }
        if (request.getContainer().equals("running") && !request.getForce()) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(
                    "cannot remove container \"running\": container is running: stop the container before removing or force remove")
                    .asRuntimeException());
            return;
        }
        reply(response, RemoveContainerResponse.newBuilder().setId(ID).build());
    }

    @Override
    public void list(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
        requests.add(request);
        List<ContainerSummary> shown = summaries.stream()
                .filter(c -> request.getAll() || c.getState().equals("running")).toList();
        reply(response, ListContainersResponse.newBuilder().addAllContainers(shown).build());
    }

    @Override
    public void inspect(InspectContainerRequest request, StreamObserver<InspectContainerResponse> response) {
        requests.add(request);
        String json = inspectJson.get(request.getContainer());
        if (json == null) {
            response.onError(Status.NOT_FOUND.withDescription("No such container: " + request.getContainer()).asRuntimeException());
            return;
        }
        reply(response, InspectContainerResponse.newBuilder().setJson(json).build());
    }

    @Override
    public void wait(WaitContainerRequest request, StreamObserver<WaitContainerResponse> response) {
        requests.add(request);
        if (!missing(request.getContainer(), response)) {
            reply(response, WaitContainerResponse.newBuilder().setExitCode(exitCode).build());
        }
    }

    @Override
    public void logs(LogsRequest request, StreamObserver<LogEntry> response) {
        requests.add(request);
        if (missing(request.getContainer(), response)) {
            return;
        }
        logs.forEach(response::onNext);
        response.onCompleted();
    }

    @Override
    public StreamObserver<ExecInput> exec(StreamObserver<ExecOutput> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ExecInput input) {
                execInputs.add(input);
                switch (input.getInputCase()) {
                    case START -> {
                        events.add("exec");
                        ExecStart start = input.getStart();
                        if (missing(start.getContainer(), response)) {
                            return;
                        }
                        if (execError != null) {
                            response.onError(execError);
                            return;
                        }
                        response.onNext(ExecOutput.getDefaultInstance());
                        execOutput.forEach(response::onNext);
                        if (!start.getStdin()) {
                            finish();
                        }
                    }
                    case STDIN -> response.onNext(ExecOutput.newBuilder().setStdout(input.getStdin()).build());
                    case CLOSE_STDIN -> finish();
                    default -> { }
                }
            }

            private void finish() {
                response.onNext(ExecOutput.newBuilder().setExitCode(execExitCode).build());
                response.onCompleted();
            }

            @Override
            public void onError(Throwable t) {
                events.add("exec-cancelled");
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    @Override
    public void stats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> response) {
        requests.add(request);
        ContainerStatsResponse s = stats.get(request.getContainer());
        if (s == null) {
            response.onError(Status.NOT_FOUND.withDescription("No such container: " + request.getContainer()).asRuntimeException());
            return;
        }
        reply(response, s);
    }

    @Override
    public void top(TopRequest request, StreamObserver<TopResponse> response) {
        requests.add(request);
        if (!missing(request.getContainer(), response)) {
            reply(response, top);
        }
    }

    @Override
    public void copyFrom(CopyFromRequest request, StreamObserver<DataChunk> response) {
        requests.add(request);
        byte[] tar = archives.get(request.getPath());
        if (tar == null || missingContainers.contains(request.getContainer())) {
            response.onError(Status.NOT_FOUND.withDescription("Could not find the file " + request.getPath()
                    + " in container " + request.getContainer()).asRuntimeException());
            return;
        }
        // Small chunks, so headers straddle messages as they may from the real daemon.
        for (int i = 0; i < tar.length; i += 700) {
            response.onNext(DataChunk.newBuilder().setData(ByteString.copyFrom(tar, i, Math.min(700, tar.length - i))).build());
        }
        response.onCompleted();
    }

    @Override
    public StreamObserver<CopyToRequest> copyTo(StreamObserver<CopyToResponse> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(CopyToRequest request) {
                if (!request.getContainer().isEmpty()) {
                    events.add("copyTo " + request.getContainer() + ":" + request.getPath());
                }
                copiedTo.writeBytes(request.getData().toByteArray());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                reply(response, CopyToResponse.getDefaultInstance());
            }
        };
    }
}
