package dev.hako.daemon.cri;

import dev.hako.containers.ContainerService;
import dev.hako.cri.v1.AttachRequest;
import dev.hako.cri.v1.AttachResponse;
import dev.hako.cri.v1.ContainerEventResponse;
import dev.hako.cri.v1.ContainerStatsRequest;
import dev.hako.cri.v1.ContainerStatsResponse;
import dev.hako.cri.v1.ContainerStatusRequest;
import dev.hako.cri.v1.ContainerStatusResponse;
import dev.hako.cri.v1.CreateContainerRequest;
import dev.hako.cri.v1.CreateContainerResponse;
import dev.hako.cri.v1.ExecRequest;
import dev.hako.cri.v1.ExecResponse;
import dev.hako.cri.v1.ExecSyncRequest;
import dev.hako.cri.v1.ExecSyncResponse;
import dev.hako.cri.v1.GetEventsRequest;
import dev.hako.cri.v1.ListContainerStatsRequest;
import dev.hako.cri.v1.ListContainerStatsResponse;
import dev.hako.cri.v1.ListContainersRequest;
import dev.hako.cri.v1.ListContainersResponse;
import dev.hako.cri.v1.ListMetricDescriptorsRequest;
import dev.hako.cri.v1.ListMetricDescriptorsResponse;
import dev.hako.cri.v1.ListPodSandboxMetricsRequest;
import dev.hako.cri.v1.ListPodSandboxMetricsResponse;
import dev.hako.cri.v1.ListPodSandboxRequest;
import dev.hako.cri.v1.ListPodSandboxResponse;
import dev.hako.cri.v1.ListPodSandboxStatsRequest;
import dev.hako.cri.v1.ListPodSandboxStatsResponse;
import dev.hako.cri.v1.PodSandboxStatsRequest;
import dev.hako.cri.v1.PodSandboxStatsResponse;
import dev.hako.cri.v1.PodSandboxStatusRequest;
import dev.hako.cri.v1.PodSandboxStatusResponse;
import dev.hako.cri.v1.PortForwardRequest;
import dev.hako.cri.v1.PortForwardResponse;
import dev.hako.cri.v1.RemoveContainerRequest;
import dev.hako.cri.v1.RemoveContainerResponse;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RemovePodSandboxResponse;
import dev.hako.cri.v1.ReopenContainerLogRequest;
import dev.hako.cri.v1.ReopenContainerLogResponse;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxResponse;
import dev.hako.cri.v1.RuntimeConfigRequest;
import dev.hako.cri.v1.RuntimeConfigResponse;
import dev.hako.cri.v1.RuntimeServiceGrpc;
import dev.hako.cri.v1.StartContainerRequest;
import dev.hako.cri.v1.StartContainerResponse;
import dev.hako.cri.v1.StatusRequest;
import dev.hako.cri.v1.StatusResponse;
import dev.hako.cri.v1.StopContainerRequest;
import dev.hako.cri.v1.StopContainerResponse;
import dev.hako.cri.v1.StopPodSandboxRequest;
import dev.hako.cri.v1.StopPodSandboxResponse;
import dev.hako.cri.v1.StreamContainerStatsRequest;
import dev.hako.cri.v1.StreamContainerStatsResponse;
import dev.hako.cri.v1.StreamContainersRequest;
import dev.hako.cri.v1.StreamContainersResponse;
import dev.hako.cri.v1.StreamPodSandboxMetricsRequest;
import dev.hako.cri.v1.StreamPodSandboxMetricsResponse;
import dev.hako.cri.v1.StreamPodSandboxStatsRequest;
import dev.hako.cri.v1.StreamPodSandboxStatsResponse;
import dev.hako.cri.v1.StreamPodSandboxesRequest;
import dev.hako.cri.v1.StreamPodSandboxesResponse;
import dev.hako.cri.v1.UpdateContainerResourcesRequest;
import dev.hako.cri.v1.UpdateContainerResourcesResponse;
import dev.hako.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.hako.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.hako.cri.v1.UpdateRuntimeConfigRequest;
import dev.hako.cri.v1.UpdateRuntimeConfigResponse;
import dev.hako.cri.v1.VersionRequest;
import dev.hako.cri.v1.VersionResponse;
import dev.hako.daemon.api.GrpcErrors;
import dev.hako.images.ImageService;
import dev.hako.pods.PodService;
import dev.hako.streaming.OnDemandStreamingServer;
import io.grpc.stub.StreamObserver;

/**
 * The CRI RuntimeService on gRPC: each call goes to the class that serves its group, and its
 * answer or error goes back through {@link GrpcErrors} (the one mapping of hako's error kinds), or
 * in chunks for the Stream* calls ({@link CriChunks}). The groups, as containerd's and CRI-O's CRI
 * servers split them: {@link CriStatusCalls}, {@link CriSandboxCalls}, {@link CriContainerCalls},
 * {@link CriExecCalls}, {@link CriStatsCalls} and {@link CriEventStream}. CheckpointContainer is
 * not served (UNIMPLEMENTED, gRPC's default).
 */
public final class CriRuntimeApi extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private final CriStatusCalls status;
    private final CriSandboxCalls sandboxes;
    private final CriContainerCalls containers;
    private final CriExecCalls exec;
    private final CriStatsCalls stats;
    private final CriEventStream events;

    public CriRuntimeApi(PodService pods, ContainerService containers, ImageService images, OnDemandStreamingServer streaming,
                         CriSettings settings) {
        this(pods, containers, images, streaming, settings, new CriCniInfo(settings));
    }

    private CriRuntimeApi(PodService pods, ContainerService containers, ImageService images, OnDemandStreamingServer streaming,
                          CriSettings settings, CriCniInfo cni) {
        this(new CriStatusCalls(pods.network(), containers.runtimeNames(), settings, cni),
                new CriSandboxCalls(pods, settings, cni),
                new CriContainerCalls(pods, containers, images, settings),
                new CriExecCalls(pods, containers, streaming),
                new CriStatsCalls(pods, containers, settings.snapshotRoot()),
                CriEventStream.of(containers, pods, images));
    }

    CriRuntimeApi(CriStatusCalls status, CriSandboxCalls sandboxes, CriContainerCalls containers, CriExecCalls exec,
                  CriStatsCalls stats, CriEventStream events) {
        this.status = status;
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.exec = exec;
        this.stats = stats;
        this.events = events;
    }

    // ---- version, status and configuration ---------------------------------------------------

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
        GrpcErrors.unary(observer, () -> status.version(request));
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        GrpcErrors.unary(observer, () -> status.status(request));
    }

    @Override
    public void runtimeConfig(RuntimeConfigRequest request, StreamObserver<RuntimeConfigResponse> observer) {
        GrpcErrors.unary(observer, () -> status.runtimeConfig(request));
    }

    @Override
    public void updateRuntimeConfig(UpdateRuntimeConfigRequest request,
                                    StreamObserver<UpdateRuntimeConfigResponse> observer) {
        GrpcErrors.unary(observer, () -> status.updateRuntimeConfig(request));
    }

    // ---- pod sandboxes -----------------------------------------------------------------------

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> observer) {
        GrpcErrors.unary(observer, () -> sandboxes.run(request));
    }

    @Override
    public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> observer) {
        GrpcErrors.unary(observer, () -> sandboxes.stop(request));
    }

    @Override
    public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> observer) {
        GrpcErrors.unary(observer, () -> sandboxes.remove(request));
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> observer) {
        GrpcErrors.unary(observer, () -> sandboxes.status(request));
    }

    @Override
    public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> observer) {
        GrpcErrors.unary(observer, () -> sandboxes.list(request));
    }

    @Override
    public void streamPodSandboxes(StreamPodSandboxesRequest request,
                                   StreamObserver<StreamPodSandboxesResponse> observer) {
        CriChunks.stream(observer, () -> sandboxes.summaries(request.hasFilter() ? request.getFilter() : null),
                part -> StreamPodSandboxesResponse.newBuilder().addAllPodSandboxes(part).build());
    }

    @Override
    public void updatePodSandboxResources(UpdatePodSandboxResourcesRequest request,
                                          StreamObserver<UpdatePodSandboxResourcesResponse> observer) {
        GrpcErrors.unary(observer, () -> sandboxes.updateResources(request));
    }

    // ---- containers --------------------------------------------------------------------------

    @Override
    public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> containers.create(request));
    }

    @Override
    public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> containers.start(request));
    }

    @Override
    public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> containers.stop(request));
    }

    @Override
    public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> containers.remove(request));
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
        GrpcErrors.unary(observer, () -> containers.list(request));
    }

    @Override
    public void streamContainers(StreamContainersRequest request, StreamObserver<StreamContainersResponse> observer) {
        CriChunks.stream(observer, () -> containers.summaries(request.hasFilter() ? request.getFilter() : null),
                part -> StreamContainersResponse.newBuilder().addAllContainers(part).build());
    }

    @Override
    public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> observer) {
        GrpcErrors.unary(observer, () -> containers.status(request));
    }

    @Override
    public void updateContainerResources(UpdateContainerResourcesRequest request,
                                         StreamObserver<UpdateContainerResourcesResponse> observer) {
        GrpcErrors.unary(observer, () -> containers.updateResources(request));
    }

    @Override
    public void reopenContainerLog(ReopenContainerLogRequest request,
                                   StreamObserver<ReopenContainerLogResponse> observer) {
        GrpcErrors.unary(observer, () -> containers.reopenLog(request));
    }

    // ---- exec, attach and port-forward -------------------------------------------------------

    @Override
    public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> observer) {
        GrpcErrors.unary(observer, () -> exec.execSync(request));
    }

    @Override
    public void exec(ExecRequest request, StreamObserver<ExecResponse> observer) {
        GrpcErrors.unary(observer, () -> exec.exec(request));
    }

    @Override
    public void attach(AttachRequest request, StreamObserver<AttachResponse> observer) {
        GrpcErrors.unary(observer, () -> exec.attach(request));
    }

    @Override
    public void portForward(PortForwardRequest request, StreamObserver<PortForwardResponse> observer) {
        GrpcErrors.unary(observer, () -> exec.portForward(request));
    }

    // ---- stats and metrics -------------------------------------------------------------------

    @Override
    public void containerStats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> stats.containerStats(request));
    }

    @Override
    public void listContainerStats(ListContainerStatsRequest request,
                                   StreamObserver<ListContainerStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> stats.listContainerStats(request));
    }

    @Override
    public void streamContainerStats(StreamContainerStatsRequest request,
                                     StreamObserver<StreamContainerStatsResponse> observer) {
        CriChunks.stream(observer, () -> stats.containerStats(request.getFilter()),
                part -> StreamContainerStatsResponse.newBuilder().addAllContainerStats(part).build());
    }

    @Override
    public void podSandboxStats(PodSandboxStatsRequest request, StreamObserver<PodSandboxStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> stats.podSandboxStats(request));
    }

    @Override
    public void listPodSandboxStats(ListPodSandboxStatsRequest request,
                                    StreamObserver<ListPodSandboxStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> stats.listPodSandboxStats(request));
    }

    @Override
    public void streamPodSandboxStats(StreamPodSandboxStatsRequest request,
                                      StreamObserver<StreamPodSandboxStatsResponse> observer) {
        CriChunks.stream(observer, () -> stats.podStats(request.getFilter()),
                part -> StreamPodSandboxStatsResponse.newBuilder().addAllPodSandboxStats(part).build());
    }

    @Override
    public void listMetricDescriptors(ListMetricDescriptorsRequest request,
                                      StreamObserver<ListMetricDescriptorsResponse> observer) {
        GrpcErrors.unary(observer, () -> stats.listMetricDescriptors(request));
    }

    @Override
    public void listPodSandboxMetrics(ListPodSandboxMetricsRequest request,
                                      StreamObserver<ListPodSandboxMetricsResponse> observer) {
        GrpcErrors.unary(observer, () -> stats.listPodSandboxMetrics(request));
    }

    @Override
    public void streamPodSandboxMetrics(StreamPodSandboxMetricsRequest request,
                                        StreamObserver<StreamPodSandboxMetricsResponse> observer) {
        CriChunks.stream(observer, () -> stats.podMetrics(),
                part -> StreamPodSandboxMetricsResponse.newBuilder().addAllPodSandboxMetrics(part).build());
    }

    // ---- events ------------------------------------------------------------------------------

    @Override
    public void getContainerEvents(GetEventsRequest request, StreamObserver<ContainerEventResponse> observer) {
        events.follow(observer);
    }
}
