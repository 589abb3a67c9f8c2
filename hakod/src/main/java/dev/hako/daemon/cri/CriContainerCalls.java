package dev.hako.daemon.cri;

import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.cri.v1.ContainerFilter;
import dev.hako.cri.v1.ContainerStatusRequest;
import dev.hako.cri.v1.ContainerStatusResponse;
import dev.hako.cri.v1.CreateContainerRequest;
import dev.hako.cri.v1.CreateContainerResponse;
import dev.hako.cri.v1.ListContainersRequest;
import dev.hako.cri.v1.ListContainersResponse;
import dev.hako.cri.v1.RemoveContainerRequest;
import dev.hako.cri.v1.RemoveContainerResponse;
import dev.hako.cri.v1.ReopenContainerLogRequest;
import dev.hako.cri.v1.ReopenContainerLogResponse;
import dev.hako.cri.v1.StartContainerRequest;
import dev.hako.cri.v1.StartContainerResponse;
import dev.hako.cri.v1.StopContainerRequest;
import dev.hako.cri.v1.StopContainerResponse;
import dev.hako.cri.v1.UpdateContainerResourcesRequest;
import dev.hako.cri.v1.UpdateContainerResourcesResponse;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.images.ImageService;
import dev.hako.metadata.ContainerRecord;
import dev.hako.pods.Pod;
import dev.hako.pods.PodService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The container calls: create, start, stop, remove, status, list, resource updates and log reopening,
 * through the container service (the one the hako CLI uses). Only containers made through the CRI
 * (in a pod) are seen; stop and remove of one that is stopped or gone succeed.
 */
final class CriContainerCalls {
    private final PodService pods;
    private final ContainerService containers;
    private final ImageService images;
    private final CriSettings settings;

    CriContainerCalls(PodService pods, ContainerService containers, ImageService images, CriSettings settings) {
        this.pods = pods;
        this.containers = containers;
        this.images = images;
        this.settings = settings;
    }

    CreateContainerResponse create(CreateContainerRequest request) throws IOException {
        Pod pod = CriPods.get(pods, request.getPodSandboxId());
        if (!pod.ready()) {
            throw HakoException.precondition("pod sandbox %s is not ready", pod.id());
        }
        if (!request.hasConfig()) {
            throw HakoException.invalid("CreateContainerRequest.config is required");
        }
        var created = containers.create(CriContainers.options(request.getConfig(), pod));
        return CreateContainerResponse.newBuilder().setContainerId(created.id()).build();
    }

    StartContainerResponse start(StartContainerRequest request) throws IOException {
        Container c = CriContainers.inPod(containers, request.getContainerId());
        Pod pod = pods.get(c.options().pod().podId());
        if (!pod.ready()) {
            throw HakoException.precondition("pod sandbox %s of container %s is not ready", pod.id(), c.id());
        }
        containers.start(c.id());
        return StartContainerResponse.getDefaultInstance();
    }

    StopContainerResponse stop(StopContainerRequest request) throws IOException {
        Container c = inPodOrNull(request.getContainerId());
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
    }

    RemoveContainerResponse remove(RemoveContainerRequest request) throws IOException {
        Container c = inPodOrNull(request.getContainerId());
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
    }

    ListContainersResponse list(ListContainersRequest request) {
        return ListContainersResponse.newBuilder().addAllContainers(summaries(request.hasFilter() ? request.getFilter() : null))
                .build();
    }

    /** ListContainers' items (StreamContainers sends them in chunks); every CRI container without a filter. */
    List<dev.hako.cri.v1.Container> summaries(ContainerFilter filter) {
        List<dev.hako.cri.v1.Container> out = new ArrayList<>();
        for (Container c : containers.list(true)) {
            if (c.options().pod() != null && (filter == null || CriContainers.matches(c, filter))) {
                out.add(CriContainers.summary(c));
            }
        }
        return out;
    }

    ContainerStatusResponse status(ContainerStatusRequest request) throws IOException {
        Container c = CriContainers.inPod(containers, request.getContainerId());
        ContainerStatusResponse.Builder out = ContainerStatusResponse.newBuilder()
                .setStatus(CriContainers.status(c, CriContainers.imageRef(images, c)));
        if (request.getVerbose()) {
            out.putInfo("info", CriVerboseInfo.container(c, containers.runtimeSpec(c.id()), settings));
        }
        return out.build();
    }

    UpdateContainerResourcesResponse updateResources(UpdateContainerResourcesRequest request) throws IOException {
        Container c = CriContainers.inPod(containers, request.getContainerId());
        var r = request.getLinux();
        containers.updateResources(c.id(), r.getMemoryLimitInBytes(), r.getCpuShares(), r.getCpuQuota(),
                r.getCpuPeriod(), r.getCpusetCpus(), r.getCpusetMems());
        return UpdateContainerResourcesResponse.getDefaultInstance();
    }

    ReopenContainerLogResponse reopenLog(ReopenContainerLogRequest request) throws IOException {
        containers.reopenLog(CriContainers.inPod(containers, request.getContainerId()).id());
        return ReopenContainerLogResponse.getDefaultInstance();
    }

    private Container inPodOrNull(String ref) {
        try {
            return CriContainers.inPod(containers, ref);
        } catch (HakoException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
