package dev.hako.daemon.api;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.ContainerConfig;
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
import dev.hako.api.v1.TopProcess;
import dev.hako.api.v1.TopRequest;
import dev.hako.api.v1.TopResponse;
import dev.hako.api.v1.WaitContainerRequest;
import dev.hako.api.v1.WaitContainerResponse;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerExitStatus;
import dev.hako.containers.ContainerOptions;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ContainerStats;
import dev.hako.containers.ProcessTable;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;

/**
 * The hako API's Containers service: translates messages to and from the container service; the
 * attach and exec streams are calls of their own ({@link AttachCall}, {@link ExecCall}).
 */
public final class ContainersApi extends ContainersGrpc.ContainersImplBase {
    private static final Logger LOG = System.getLogger("hakod.containers");
    private final ContainerService containers;

    public ContainersApi(ContainerService containers) {
        this.containers = containers;
    }

    @Override
    public void create(CreateContainerRequest request, StreamObserver<CreateContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ContainerService.Created c = containers.create(options(request.getConfig()));
            return CreateContainerResponse.newBuilder().setId(c.id()).addAllWarnings(c.warnings()).build();
        });
    }

    /**
     * The request's settings as the typed records. The CLI sends its flags' strings ({@code -v},
     * {@code --tmpfs}, {@code --security-opt seccomp}, {@code --network}) as given: they are parsed
     * here, once, so their errors speak of the flags.
     */
    static ContainerOptions options(ContainerConfig c) {
        return new ContainerOptions(c.getName(), c.getImage(), c.getEntrypointSet() ? c.getEntrypointList() : null,
                c.getCmdList(), c.getEnvList(), c.getWorkingDir(), c.getUser(),
                c.getVolumesList().stream().map(Volume::parse).toList(), c.getTmpfsList().stream().map(Tmpfs::parse).toList(),
                c.getReadOnly(), c.getHostname(), c.getMemoryBytes(), c.getNanoCpus(), c.getPidsLimit(),
                c.getCapAddList(), c.getCapDropList(), c.getPrivileged(), SeccompSetting.parse(c.getSeccomp()),
                c.getNoNewPrivileges(), NetworkMode.parse(c.getNetwork()), c.getRuntime(), c.getTty(), c.getOpenStdin(),
                c.getStdinOnce(), c.getAutoRemove(), c.getLabelsMap());
    }

    @Override
    public void start(StartContainerRequest request, StreamObserver<StartContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.start(request.getContainer());
            return StartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public StreamObserver<AttachInput> attach(StreamObserver<AttachOutput> responses) {
        return new AttachCall(containers, responses);
    }

    @Override
    public void stop(StopContainerRequest request, StreamObserver<StopContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.stop(request.getContainer(), request.getTimeout());
            return StopContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void kill(KillContainerRequest request, StreamObserver<KillContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.kill(request.getContainer(), request.getSignal());
            return KillContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void restart(RestartContainerRequest request, StreamObserver<RestartContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.restart(request.getContainer(), request.getTimeout());
            return RestartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void remove(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> observer) {
        GrpcErrors.unary(observer, () ->
                RemoveContainerResponse.newBuilder().setId(containers.remove(request.getContainer(), request.getForce())).build());
    }

    @Override
    public void list(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ListContainersResponse.Builder b = ListContainersResponse.newBuilder();
            for (Container c : containers.list(request.getAll())) {
                ContainerRecord r = c.record();
                b.addContainers(ContainerSummary.newBuilder()
                        .setId(r.id()).setName(r.name()).setImage(r.image())
                        .setCommand(command(c))
                        .setCreatedUnix(r.createdAt() / 1_000_000_000L)
                        .setState(r.state().name().toLowerCase(java.util.Locale.ROOT))
                        .setStatus(ContainerService.status(r))
                        .setRuntime(r.runtime()).setExitCode(r.exitCode())
                        .setStartedUnixNanos(r.startedAt()).setFinishedUnixNanos(r.finishedAt()));
            }
            return b.build();
        });
    }

    private String command(Container c) {
        try {
            return containers.command(c.id());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void inspect(InspectContainerRequest request, StreamObserver<InspectContainerResponse> observer) {
        GrpcErrors.unary(observer, () ->
                InspectContainerResponse.newBuilder().setJson(containers.inspect(request.getContainer())).build());
    }

    @Override
    public void wait(WaitContainerRequest request, StreamObserver<WaitContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ContainerExitStatus exit = containers.await(request.getContainer());
            return WaitContainerResponse.newBuilder().setExitCode(exit.exitCode()).setOomKilled(exit.oomKilled()).build();
        });
    }

    @Override
    public void logs(LogsRequest request, StreamObserver<LogEntry> observer) {
        var call = (ServerCallStreamObserver<LogEntry>) observer;
        try {
            containers.logs(request.getContainer(), request.getFollow(), (int) request.getTail(), e -> {
                if (call.isCancelled()) {
                    throw new CancellationException("the client went away");
                }
                byte[] line = e.partial() ? e.line() : append(e.line(), (byte) '\n');
                observer.onNext(LogEntry.newBuilder().setStream(e.stream().criName())
                        .setData(ByteString.copyFrom(line)).setTimestamp(rfc3339(e.time())).build());
            });
            observer.onCompleted();
        } catch (CancellationException e) {
            LOG.log(Level.DEBUG, "logs of {0}: client went away", request.getContainer());
        } catch (IOException | RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
        }
    }

    private static byte[] append(byte[] line, byte b) {
        byte[] out = java.util.Arrays.copyOf(line, line.length + 1);
        out[line.length] = b;
        return out;
    }

    private static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    @Override
    public StreamObserver<ExecInput> exec(StreamObserver<ExecOutput> responses) {
        return new ExecCall(containers, responses);
    }

    @Override
    public void stats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ContainerStats s = containers.stats(request.getContainer());
            return ContainerStatsResponse.newBuilder().setId(s.id()).setName(s.name()).setCpuPercent(s.cpuPercent())
                    .setMemoryUsage(s.memoryUsage()).setMemoryLimit(s.memoryLimit()).setPids(s.pids())
                    .setPidsLimit(s.pidsLimit()).setCpuUsageNanos(s.cpuUsageNanos()).setOnlineCpus(s.onlineCpus())
                    .build();
        });
    }

    @Override
    public void top(TopRequest request, StreamObserver<TopResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ProcessTable.Table t = containers.top(request.getContainer(), request.getPsArgsList());
            TopResponse.Builder b = TopResponse.newBuilder().addAllTitles(t.titles());
            t.rows().forEach(row -> b.addProcesses(TopProcess.newBuilder().addAllFields(row)));
            return b.build();
        });
    }

    @Override
    public void copyFrom(CopyFromRequest request, StreamObserver<DataChunk> observer) {
        var call = (ServerCallStreamObserver<DataChunk>) observer;
        try {
            GrpcOutputStream out = new GrpcOutputStream(call);
            containers.copyFrom(request.getContainer(), request.getPath(), out);
            out.flush();
            observer.onCompleted();
        } catch (Throwable t) {
            observer.onError(GrpcErrors.toStatus(t));
        }
    }

    @Override
    public StreamObserver<CopyToRequest> copyTo(StreamObserver<CopyToResponse> observer) {
        return UploadCall.handle(observer, "copy-to", CopyToRequest::getData, (first, input) -> {
            if (first == null) {
                throw HakoException.invalid("copy: no destination named");
            }
            containers.copyTo(first.getContainer(), first.getPath(), input);
            return CopyToResponse.getDefaultInstance();
        });
    }
}
