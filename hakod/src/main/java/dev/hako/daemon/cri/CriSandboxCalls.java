package dev.hako.daemon.cri;

import dev.hako.cri.v1.ListPodSandboxRequest;
import dev.hako.cri.v1.ListPodSandboxResponse;
import dev.hako.cri.v1.PodSandbox;
import dev.hako.cri.v1.PodSandboxFilter;
import dev.hako.cri.v1.PodSandboxStatusRequest;
import dev.hako.cri.v1.PodSandboxStatusResponse;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RemovePodSandboxResponse;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxResponse;
import dev.hako.cri.v1.StopPodSandboxRequest;
import dev.hako.cri.v1.StopPodSandboxResponse;
import dev.hako.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.hako.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.hako.errdefs.HakoException;
import dev.hako.pods.Pod;
import dev.hako.pods.PodService;
import dev.hako.sys.Namespaces;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod sandbox calls: run, stop, remove, status, list and resize, through the pod service. Stop
 * and remove of a pod that is stopped or gone succeed, as the kubelet expects.
 */
final class CriSandboxCalls {
    private static final Logger LOG = System.getLogger("hakod.cri");

    private final PodService pods;
    private final CriSettings settings;
    private final CriCniInfo cni;

    CriSandboxCalls(PodService pods, CriSettings settings, CriCniInfo cni) {
        this.pods = pods;
        this.settings = settings;
        this.cni = cni;
    }

    RunPodSandboxResponse run(RunPodSandboxRequest request) throws IOException {
        if (!request.hasConfig()) {
            throw HakoException.invalid("RunPodSandboxRequest.config is required");
        }
        Pod pod = pods.run(CriPods.config(request.getConfig(), request.getRuntimeHandler()));
        return RunPodSandboxResponse.newBuilder().setPodSandboxId(pod.id()).build();
    }

    StopPodSandboxResponse stop(StopPodSandboxRequest request) throws IOException {
        pods.stop(request.getPodSandboxId());
        return StopPodSandboxResponse.getDefaultInstance();
    }

    RemovePodSandboxResponse remove(RemovePodSandboxRequest request) throws IOException {
        pods.remove(request.getPodSandboxId());
        return RemovePodSandboxResponse.getDefaultInstance();
    }

    PodSandboxStatusResponse status(PodSandboxStatusRequest request) throws IOException {
        Pod pod = CriPods.get(pods, request.getPodSandboxId());
        PodSandboxStatusResponse.Builder out = PodSandboxStatusResponse.newBuilder().setStatus(CriPods.status(pod));
        if (request.getVerbose()) {
            boolean netnsClosed = pod.netns() != null && !Namespaces.isPinned(pod.netns());
            out.putInfo("info", CriVerboseInfo.pod(pod, pods.pausePid(pod.id()), netnsClosed, cni.podResult(pod), settings));
        }
        return out.build();
    }

    ListPodSandboxResponse list(ListPodSandboxRequest request) throws IOException {
        return ListPodSandboxResponse.newBuilder().addAllItems(summaries(request.hasFilter() ? request.getFilter() : null))
                .build();
    }

    /** ListPodSandbox's items (StreamPodSandboxes sends them in chunks); every pod without a filter. */
    List<PodSandbox> summaries(PodSandboxFilter filter) throws IOException {
        List<PodSandbox> out = new ArrayList<>();
        for (Pod pod : pods.list()) {
            if (filter == null || CriPods.matches(pod, filter)) {
                out.add(CriPods.summary(pod));
            }
        }
        return out;
    }

    UpdatePodSandboxResourcesResponse updateResources(UpdatePodSandboxResourcesRequest request) throws IOException {
        // The kubelet resizes the pod's cgroup itself (cgroupfs); a runtime without a pause process
        // or pod-level cgroup of its own has nothing to change, as containerd without NRI plugins.
        Pod pod = CriPods.get(pods, request.getPodSandboxId());
        LOG.log(Level.DEBUG, "pod {0} resized by the kubelet", pod.id());
        return UpdatePodSandboxResourcesResponse.getDefaultInstance();
    }
}
