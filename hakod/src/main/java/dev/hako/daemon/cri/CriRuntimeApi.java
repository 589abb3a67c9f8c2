package dev.hako.daemon.cri;

import com.google.protobuf.ByteString;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ExecSession;
import dev.hako.cri.v1.ContainerStatusRequest;
import dev.hako.cri.v1.ContainerStatusResponse;
import dev.hako.cri.v1.CreateContainerRequest;
import dev.hako.cri.v1.CreateContainerResponse;
import dev.hako.cri.v1.ExecSyncRequest;
import dev.hako.cri.v1.ExecSyncResponse;
import dev.hako.cri.v1.ListContainersRequest;
import dev.hako.cri.v1.ListContainersResponse;
import dev.hako.cri.v1.ListPodSandboxRequest;
import dev.hako.cri.v1.ListPodSandboxResponse;
import dev.hako.cri.v1.PodSandboxStatusRequest;
import dev.hako.cri.v1.PodSandboxStatusResponse;
import dev.hako.cri.v1.RemoveContainerRequest;
import dev.hako.cri.v1.RemoveContainerResponse;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RemovePodSandboxResponse;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxResponse;
import dev.hako.cri.v1.RuntimeCondition;
import dev.hako.cri.v1.RuntimeConfigRequest;
import dev.hako.cri.v1.RuntimeConfigResponse;
import dev.hako.cri.v1.RuntimeHandler;
import dev.hako.cri.v1.RuntimeHandlerFeatures;
import dev.hako.cri.v1.RuntimeServiceGrpc;
import dev.hako.cri.v1.RuntimeStatus;
import dev.hako.cri.v1.StartContainerRequest;
import dev.hako.cri.v1.StartContainerResponse;
import dev.hako.cri.v1.StatusRequest;
import dev.hako.cri.v1.StatusResponse;
import dev.hako.cri.v1.StopContainerRequest;
import dev.hako.cri.v1.StopContainerResponse;
import dev.hako.cri.v1.StopPodSandboxRequest;
import dev.hako.cri.v1.StopPodSandboxResponse;
import dev.hako.cri.v1.UpdateRuntimeConfigRequest;
import dev.hako.cri.v1.UpdateRuntimeConfigResponse;
import dev.hako.cri.v1.VersionRequest;
import dev.hako.cri.v1.VersionResponse;
import dev.hako.cri.v1.CgroupDriver;
import dev.hako.cri.v1.LinuxRuntimeConfiguration;
import dev.hako.daemon.api.GrpcErrors;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.images.ImageService;
import dev.hako.metadata.ContainerRecord;
import dev.hako.pods.Pod;
import dev.hako.pods.PodService;
import dev.hako.spec.ExecSettings;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The CRI RuntimeService: pod sandboxes through the pod service, their containers through the
 * container service (the same one the hako CLI uses). Stop and remove of what is already stopped or
 * gone succeed, as the kubelet expects; a missing object asked about is NOT_FOUND.
 */
public final class CriRuntimeApi extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private static final Logger LOG = System.getLogger("hakod.cri");
    /** kubelet's cap on ExecSync output (containerd and CRI-O use the same). */
    static final int EXEC_SYNC_OUTPUT_LIMIT = 16 * 1024 * 1024;
    private static final String RUNTIME_API_VERSION = "v1";

    private final PodService pods;
    private final ContainerService containers;
    private final ImageService images;
    private final List<String> handlerNames;
    private final dev.hako.streaming.StreamingServer streaming;
    private final CriSettings settings;
    private final CriStats stats;
    private final CriCniInfo cni;

    public CriRuntimeApi(PodService pods, ContainerService containers, ImageService images,
                         dev.hako.streaming.StreamingServer streaming, CriSettings settings) {
        this.pods = pods;
        this.containers = containers;
        this.images = images;
        this.handlerNames = List.copyOf(containers.runtimeNames());
        this.streaming = streaming;
        this.settings = settings;
        this.stats = new CriStats(containers, settings.snapshotRoot());
        this.cni = new CriCniInfo(settings);
    }

    /** The streaming server's handlers for these services: exec, attach and port-forward in hako's terms. */
    public static dev.hako.streaming.StreamingServer startStreaming(PodService pods, ContainerService containers,
                                                                    String host, int port) throws IOException {
        CriStreamHandlers handlers = new CriStreamHandlers(pods, containers);
        return dev.hako.streaming.StreamingServer.start(
                dev.hako.streaming.StreamingConfig.defaults().withAddress(host, port), handlers, handlers, handlers);
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
        GrpcErrors.unary(observer, () -> VersionResponse.newBuilder()
                .setVersion("0.1.0")
                .setRuntimeName("hako")
                .setRuntimeVersion(dev.hako.api.HakoVersion.version())
                .setRuntimeApiVersion(RUNTIME_API_VERSION)
                .build());
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            RuntimeCondition runtime = RuntimeCondition.newBuilder().setType("RuntimeReady").setStatus(true).build();
            var reason = pods.network().notReadyReason();
            RuntimeCondition network = RuntimeCondition.newBuilder().setType("NetworkReady").setStatus(reason.isEmpty())
                    .setReason(reason.isEmpty() ? "" : "NetworkPluginNotReady").setMessage(reason.orElse("")).build();
            StatusResponse.Builder out = StatusResponse.newBuilder()
                    .setStatus(RuntimeStatus.newBuilder().addConditions(runtime).addConditions(network));
            if (request.getVerbose()) {
                out.putAllInfo(CriStatusInfo.info(settings, cni.config(), reason));
            }
            for (String name : handlerNames) {
                out.addRuntimeHandlers(RuntimeHandler.newBuilder().setName(name)
                        .setFeatures(RuntimeHandlerFeatures.newBuilder().setRecursiveReadOnlyMounts(false)
                                .setUserNamespaces(false)));
            }
            return out.build();
        });
    }

    @Override
    public void runtimeConfig(RuntimeConfigRequest request, StreamObserver<RuntimeConfigResponse> observer) {
        GrpcErrors.unary(observer, () -> RuntimeConfigResponse.newBuilder()
                .setLinux(LinuxRuntimeConfiguration.newBuilder().setCgroupDriver(CgroupDriver.CGROUPFS)).build());
    }

    @Override
    public void updateRuntimeConfig(UpdateRuntimeConfigRequest request, StreamObserver<UpdateRuntimeConfigResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            // The pod CIDR is the CNI configuration's business here (host-local ranges), as with containerd.
            String cidr = request.getRuntimeConfig().getNetworkConfig().getPodCidr();
            if (!cidr.isEmpty()) {
                LOG.log(Level.INFO, "the kubelet's pod CIDR is {0}", cidr);
            }
            return UpdateRuntimeConfigResponse.getDefaultInstance();
        });
    }

    // ---- pods ---------------------------------------------------------------------------------

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            if (!request.hasConfig()) {
                throw HakoException.invalid("RunPodSandboxRequest.config is required");
            }
            Pod pod = pods.run(CriPods.config(request.getConfig(), request.getRuntimeHandler()));
            return RunPodSandboxResponse.newBuilder().setPodSandboxId(pod.id()).build();
        });
    }

    @Override
    public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            pods.stop(request.getPodSandboxId());
            return StopPodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            pods.remove(request.getPodSandboxId());
            return RemovePodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Pod pod = pods.get(requireId(request.getPodSandboxId(), "PodSandboxId"));
            PodSandboxStatusResponse.Builder out = PodSandboxStatusResponse.newBuilder().setStatus(CriPods.status(pod));
            if (request.getVerbose()) {
                boolean netnsClosed = pod.netns() != null && !dev.hako.sys.Namespaces.isPinned(pod.netns());
                out.putInfo("info", CriVerboseInfo.pod(pod, pods.pausePid(pod.id()), netnsClosed, cni.podResult(pod),
                        settings));
            }
            return out.build();
        });
    }

    @Override
    public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> observer) {
        GrpcErrors.unary(observer, () -> ListPodSandboxResponse.newBuilder()
                .addAllItems(podSummaries(request.hasFilter() ? request.getFilter() : null)).build());
    }

    private List<dev.hako.cri.v1.PodSandbox> podSummaries(dev.hako.cri.v1.PodSandboxFilter filter) throws IOException {
        List<dev.hako.cri.v1.PodSandbox> out = new java.util.ArrayList<>();
        for (Pod pod : pods.list()) {
            if (filter == null || CriPods.matches(pod, filter)) {
                out.add(CriPods.summary(pod));
            }
        }
        return out;
    }

    // ---- containers ---------------------------------------------------------------------------

    @Override
    public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Pod pod = pods.get(requireId(request.getPodSandboxId(), "PodSandboxId"));
            if (!pod.ready()) {
                throw HakoException.precondition("pod sandbox %s is not ready", pod.id());
            }
            if (!request.hasConfig()) {
                throw HakoException.invalid("CreateContainerRequest.config is required");
            }
            var created = containers.create(CriContainers.options(request.getConfig(), pod));
            return CreateContainerResponse.newBuilder().setContainerId(created.id()).build();
        });
    }

    @Override
    public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Container c = podContainer(request.getContainerId());
            Pod pod = pods.get(c.options().pod().podId());
            if (!pod.ready()) {
                throw HakoException.precondition("pod sandbox %s of container %s is not ready", pod.id(), c.id());
            }
            containers.start(c.id());
            return StartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Container c = podContainerOrNull(request.getContainerId());
            if (c != null && c.record().state() == ContainerRecord.State.RUNNING) {
                try {
                    containers.stop(c.id(), (int) Math.max(0, Math.min(Integer.MAX_VALUE, request.getTimeout())));
                } catch (HakoException e) {
                    if (e.kind() != ErrorKind.FAILED_PRECONDITION && e.kind() != ErrorKind.NOT_FOUND) {
                        throw e; // it exited, or went, meanwhile: stopped is what was asked
                    }
                }
            }
            return StopContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Container c = podContainerOrNull(request.getContainerId());
            if (c != null) {
                try {
                    containers.remove(c.id(), true);
                } catch (HakoException e) {
                    if (e.kind() != ErrorKind.NOT_FOUND) {
                        throw e;
                    }
                }
            }
            return RemoveContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
        GrpcErrors.unary(observer, () -> ListContainersResponse.newBuilder()
                .addAllContainers(containerSummaries(request.hasFilter() ? request.getFilter() : null)).build());
    }

    private List<dev.hako.cri.v1.Container> containerSummaries(dev.hako.cri.v1.ContainerFilter filter) {
        List<dev.hako.cri.v1.Container> out = new java.util.ArrayList<>();
        for (Container c : containers.list(true)) {
            if (c.options().pod() != null && (filter == null || CriContainers.matches(c, filter))) {
                out.add(CriContainers.summary(c));
            }
        }
        return out;
    }

    @Override
    public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Container c = podContainer(request.getContainerId());
            ContainerStatusResponse.Builder out = ContainerStatusResponse.newBuilder()
                    .setStatus(CriContainers.status(c, CriContainers.imageRef(images, c)));
            if (request.getVerbose()) {
                out.putInfo("info", CriVerboseInfo.container(c, containers.runtimeSpec(c.id()), settings));
            }
            return out.build();
        });
    }

    @Override
    public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Container c = runningPodContainer(request.getContainerId());
            ExecSettings settings = new ExecSettings(request.getCmdList(), null, null, null, false, false);
            try (ExecSession session = containers.exec(c.id(), settings, 0, 0)) {
                // A client that goes (or whose deadline passes) takes its process with it.
                io.grpc.Context.CancellationListener cancelled = context -> terminate(session);
                io.grpc.Context.current().addListener(cancelled, Runnable::run);
                try {
                    session.closeStdin();
                    CompletableFuture<byte[]> stdout = drain(session.stdout());
                    CompletableFuture<byte[]> stderr = drain(session.stderr());
                    int exitCode;
                    if (request.getTimeout() > 0) {
                        var exit = session.waitFor(java.time.Duration.ofSeconds(request.getTimeout()));
                        if (exit.isEmpty()) {
                            // The process, not only the runtime that runs it, ends before the answer.
                            session.terminate();
                            throw Status.DEADLINE_EXCEEDED.withDescription("command " + request.getCmdList()
                                    + " timed out after " + request.getTimeout() + "s").asRuntimeException();
                        }
                        exitCode = exit.getAsInt();
                    } else {
                        exitCode = session.waitFor();
                    }
                return ExecSyncResponse.newBuilder()
                        .setStdout(ByteString.copyFrom(stdout.get()))
                        .setStderr(ByteString.copyFrom(stderr.get()))
                        .setExitCode(exitCode)
                        .build();
                } finally {
                    io.grpc.Context.current().removeListener(cancelled);
                }
            }
        });
    }

    @Override
    public void containerStats(dev.hako.cri.v1.ContainerStatsRequest request,
                               StreamObserver<dev.hako.cri.v1.ContainerStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> dev.hako.cri.v1.ContainerStatsResponse.newBuilder()
                .setStats(stats.container(podContainer(request.getContainerId()))).build());
    }

    @Override
    public void listContainerStats(dev.hako.cri.v1.ListContainerStatsRequest request,
                                   StreamObserver<dev.hako.cri.v1.ListContainerStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> dev.hako.cri.v1.ListContainerStatsResponse.newBuilder()
                .addAllStats(containerStats(request.getFilter())).build());
    }

    private List<dev.hako.cri.v1.ContainerStats> containerStats(dev.hako.cri.v1.ContainerStatsFilter filter) throws IOException {
        List<dev.hako.cri.v1.ContainerStats> out = new java.util.ArrayList<>();
        List<Container> running = containers.list(false);
        for (Container c : running) {
            if (CriContainers.matches(c, filter)) {
                out.add(stats.container(c));
            }
        }
        stats.retainContainers(running.stream().map(Container::id).collect(java.util.stream.Collectors.toSet()));
        return out;
    }

    @Override
    public void podSandboxStats(dev.hako.cri.v1.PodSandboxStatsRequest request,
                                StreamObserver<dev.hako.cri.v1.PodSandboxStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Pod pod = pods.get(requireId(request.getPodSandboxId(), "PodSandboxId"));
            return dev.hako.cri.v1.PodSandboxStatsResponse.newBuilder()
                    .setStats(stats.pod(pod, running(pod))).build();
        });
    }

    @Override
    public void listPodSandboxStats(dev.hako.cri.v1.ListPodSandboxStatsRequest request,
                                    StreamObserver<dev.hako.cri.v1.ListPodSandboxStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> dev.hako.cri.v1.ListPodSandboxStatsResponse.newBuilder()
                .addAllStats(podStats(request.getFilter())).build());
    }

    private List<dev.hako.cri.v1.PodSandboxStats> podStats(dev.hako.cri.v1.PodSandboxStatsFilter filter) throws IOException {
        List<dev.hako.cri.v1.PodSandboxStats> out = new java.util.ArrayList<>();
        List<Pod> all = pods.list();
        for (Pod pod : all) {
            if (CriPods.matches(pod, filter)) {
                out.add(stats.pod(pod, running(pod)));
            }
        }
        stats.retainPods(all.stream().map(Pod::id).collect(java.util.stream.Collectors.toSet()));
        return out;
    }

    private List<Container> running(Pod pod) {
        return pods.containersOf(pod.id()).stream()
                .filter(c -> c.record().state() == ContainerRecord.State.RUNNING).toList();
    }

    @Override
    public void updateContainerResources(dev.hako.cri.v1.UpdateContainerResourcesRequest request,
                                         StreamObserver<dev.hako.cri.v1.UpdateContainerResourcesResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Container c = podContainer(request.getContainerId());
            var r = request.getLinux();
            containers.updateResources(c.id(), r.getMemoryLimitInBytes(), r.getCpuShares(), r.getCpuQuota(),
                    r.getCpuPeriod(), r.getCpusetCpus(), r.getCpusetMems());
            return dev.hako.cri.v1.UpdateContainerResourcesResponse.getDefaultInstance();
        });
    }

    @Override
    public void reopenContainerLog(dev.hako.cri.v1.ReopenContainerLogRequest request,
                                   StreamObserver<dev.hako.cri.v1.ReopenContainerLogResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.reopenLog(podContainer(request.getContainerId()).id());
            return dev.hako.cri.v1.ReopenContainerLogResponse.getDefaultInstance();
        });
    }

    @Override
    public void exec(dev.hako.cri.v1.ExecRequest request, StreamObserver<dev.hako.cri.v1.ExecResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Container c = runningPodContainer(request.getContainerId());
            String url = streaming.execUrl(new dev.hako.streaming.ExecRequest(c.id(), request.getCmdList(),
                    request.getTty(), request.getStdin(), request.getStdout(), request.getStderr()));
            return dev.hako.cri.v1.ExecResponse.newBuilder().setUrl(url).build();
        });
    }

    @Override
    public void attach(dev.hako.cri.v1.AttachRequest request, StreamObserver<dev.hako.cri.v1.AttachResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Container c = runningPodContainer(request.getContainerId());
            String url = streaming.attachUrl(new dev.hako.streaming.AttachRequest(c.id(), request.getTty(),
                    request.getStdin(), request.getStdout(), request.getStderr()));
            return dev.hako.cri.v1.AttachResponse.newBuilder().setUrl(url).build();
        });
    }

    @Override
    public void portForward(dev.hako.cri.v1.PortForwardRequest request,
                            StreamObserver<dev.hako.cri.v1.PortForwardResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            Pod pod = pods.get(requireId(request.getPodSandboxId(), "PodSandboxId"));
            if (!pod.ready()) {
                throw HakoException.precondition("pod sandbox %s is not ready", pod.id());
            }
            String url = streaming.portForwardUrl(new dev.hako.streaming.PortForwardRequest(pod.id(), request.getPortList()));
            return dev.hako.cri.v1.PortForwardResponse.newBuilder().setUrl(url).build();
        });
    }

    private Container runningPodContainer(String ref) {
        return CriContainers.runningInPod(containers, ref);
    }

    // ---- the streaming list calls: the same answers as the List calls, in messages of at most CHUNK items

    private static final int CHUNK = 500;

    static <R> void streamed(StreamObserver<R> observer, GrpcErrors.Call<List<R>> body) {
        List<R> messages;
        try {
            messages = body.run();
        } catch (Throwable t) {
            observer.onError(GrpcErrors.toStatus(t));
            return;
        }
        messages.forEach(observer::onNext);
        observer.onCompleted();
    }

    static <T, R> List<R> chunks(List<T> items, java.util.function.Function<List<T>, R> message) {
        List<R> out = new java.util.ArrayList<>();
        for (int from = 0; from == 0 || from < items.size(); from += CHUNK) {
            out.add(message.apply(items.subList(from, Math.min(items.size(), from + CHUNK))));
        }
        return out;
    }

    @Override
    public void streamPodSandboxes(dev.hako.cri.v1.StreamPodSandboxesRequest request,
                                   StreamObserver<dev.hako.cri.v1.StreamPodSandboxesResponse> observer) {
        streamed(observer, () -> chunks(podSummaries(request.hasFilter() ? request.getFilter() : null),
                part -> dev.hako.cri.v1.StreamPodSandboxesResponse.newBuilder().addAllPodSandboxes(part).build()));
    }

    @Override
    public void streamContainers(dev.hako.cri.v1.StreamContainersRequest request,
                                 StreamObserver<dev.hako.cri.v1.StreamContainersResponse> observer) {
        streamed(observer, () -> chunks(containerSummaries(request.hasFilter() ? request.getFilter() : null),
                part -> dev.hako.cri.v1.StreamContainersResponse.newBuilder().addAllContainers(part).build()));
    }

    @Override
    public void streamContainerStats(dev.hako.cri.v1.StreamContainerStatsRequest request,
                                     StreamObserver<dev.hako.cri.v1.StreamContainerStatsResponse> observer) {
        streamed(observer, () -> chunks(containerStats(request.getFilter()),
                part -> dev.hako.cri.v1.StreamContainerStatsResponse.newBuilder().addAllContainerStats(part).build()));
    }

    @Override
    public void streamPodSandboxStats(dev.hako.cri.v1.StreamPodSandboxStatsRequest request,
                                      StreamObserver<dev.hako.cri.v1.StreamPodSandboxStatsResponse> observer) {
        streamed(observer, () -> chunks(podStats(request.getFilter()),
                part -> dev.hako.cri.v1.StreamPodSandboxStatsResponse.newBuilder().addAllPodSandboxStats(part).build()));
    }


    @Override
    public void updatePodSandboxResources(dev.hako.cri.v1.UpdatePodSandboxResourcesRequest request,
                                          StreamObserver<dev.hako.cri.v1.UpdatePodSandboxResourcesResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            // The kubelet resizes the pod's cgroup itself (cgroupfs); a runtime without a pause process
            // or pod-level cgroup of its own has nothing to change, as containerd without NRI plugins.
            Pod pod = pods.get(requireId(request.getPodSandboxId(), "PodSandboxId"));
            LOG.log(Level.DEBUG, "pod {0} resized by the kubelet", pod.id());
            return dev.hako.cri.v1.UpdatePodSandboxResourcesResponse.getDefaultInstance();
        });
    }

    @Override
    public void getContainerEvents(dev.hako.cri.v1.GetEventsRequest request,
                                   StreamObserver<dev.hako.cri.v1.ContainerEventResponse> observer) {
        var events = new java.util.concurrent.LinkedBlockingQueue<dev.hako.containers.ContainerEvent>();
        java.util.function.Consumer<dev.hako.containers.ContainerEvent> listener = events::add;
        var call = (io.grpc.stub.ServerCallStreamObserver<dev.hako.cri.v1.ContainerEventResponse>) observer;
        Thread sender = Thread.ofVirtual().name("cri-events").start(() -> {
            try {
                while (!call.isCancelled()) {
                    var event = events.take();
                    var response = CriEvents.response(event, pods, images);
                    if (response != null) {
                        synchronized (call) {
                            call.onNext(response);
                        }
                    }
                }
            } catch (InterruptedException e) {
                // the client went away
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "container events stream ended: {0}", e.toString());
            }
        });
        call.setOnCancelHandler(() -> {
            containers.unsubscribe(listener);
            sender.interrupt();
        });
        containers.subscribe(listener);
    }

    @Override
    public void listMetricDescriptors(dev.hako.cri.v1.ListMetricDescriptorsRequest request,
                                      StreamObserver<dev.hako.cri.v1.ListMetricDescriptorsResponse> observer) {
        GrpcErrors.unary(observer, () -> dev.hako.cri.v1.ListMetricDescriptorsResponse.newBuilder()
                .addAllDescriptors(CriMetrics.DESCRIPTORS).build());
    }

    @Override
    public void listPodSandboxMetrics(dev.hako.cri.v1.ListPodSandboxMetricsRequest request,
                                      StreamObserver<dev.hako.cri.v1.ListPodSandboxMetricsResponse> observer) {
        GrpcErrors.unary(observer, () -> dev.hako.cri.v1.ListPodSandboxMetricsResponse.newBuilder()
                .addAllPodMetrics(podMetrics()).build());
    }

    @Override
    public void streamPodSandboxMetrics(dev.hako.cri.v1.StreamPodSandboxMetricsRequest request,
                                        StreamObserver<dev.hako.cri.v1.StreamPodSandboxMetricsResponse> observer) {
        streamed(observer, () -> chunks(podMetrics(),
                part -> dev.hako.cri.v1.StreamPodSandboxMetricsResponse.newBuilder().addAllPodSandboxMetrics(part).build()));
    }

    private List<dev.hako.cri.v1.PodSandboxMetrics> podMetrics() throws IOException {
        List<dev.hako.cri.v1.PodSandboxMetrics> out = new java.util.ArrayList<>();
        for (Pod pod : pods.list()) {
            if (pod.ready()) {
                out.add(CriMetrics.pod(containers, pod, running(pod)));
            }
        }
        return out;
    }

    private static void terminate(ExecSession session) {
        try {
            session.terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a stream to its end on a virtual thread, keeping at most the kubelet's limit. */
    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    int room = EXEC_SYNC_OUTPUT_LIMIT - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                }
            } catch (IOException e) {
                // The process ended or was killed: what was read is the output.
            }
            out.complete(kept.toByteArray());
        });
        return out;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String requireId(String id, String field) {
        if (id == null || id.isEmpty()) {
            throw HakoException.invalid("%s is required", field);
        }
        return id;
    }

    private Container podContainer(String ref) {
        return CriContainers.inPod(containers, ref);
    }

    private Container podContainerOrNull(String ref) {
        try {
            return podContainer(ref);
        } catch (HakoException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
