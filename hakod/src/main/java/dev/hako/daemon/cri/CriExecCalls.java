package dev.hako.daemon.cri;

import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.cri.v1.AttachRequest;
import dev.hako.cri.v1.AttachResponse;
import dev.hako.cri.v1.ExecRequest;
import dev.hako.cri.v1.ExecResponse;
import dev.hako.cri.v1.ExecSyncRequest;
import dev.hako.cri.v1.ExecSyncResponse;
import dev.hako.cri.v1.PortForwardRequest;
import dev.hako.cri.v1.PortForwardResponse;
import dev.hako.errdefs.HakoException;
import dev.hako.pods.Pod;
import dev.hako.pods.PodService;
import dev.hako.streaming.OnDemandStreamingServer;
import java.io.IOException;

/**
 * ExecSync, which runs a command to its end in the call, and Exec, Attach and PortForward, which
 * answer a single-use URL on the streaming server (whose handlers, {@link CriStreamHandlers}, do
 * the work when the client comes). Only running containers of ready pods take them.
 */
final class CriExecCalls {
    private final PodService pods;
    private final ContainerService containers;
    private final OnDemandStreamingServer streaming;

    CriExecCalls(PodService pods, ContainerService containers, OnDemandStreamingServer streaming) {
        this.pods = pods;
        this.containers = containers;
        this.streaming = streaming;
    }

    ExecSyncResponse execSync(ExecSyncRequest request) throws IOException, InterruptedException {
        Container c = CriContainers.runningInPod(containers, request.getContainerId());
        return CriExecSync.run(containers, c.id(), request);
    }

    ExecResponse exec(ExecRequest request) {
        Container c = CriContainers.runningInPod(containers, request.getContainerId());
        String url = streaming.execUrl(new dev.hako.streaming.ExecRequest(c.id(), request.getCmdList(),
                request.getTty(), request.getStdin(), request.getStdout(), request.getStderr()));
        return ExecResponse.newBuilder().setUrl(url).build();
    }

    AttachResponse attach(AttachRequest request) {
        Container c = CriContainers.runningInPod(containers, request.getContainerId());
        String url = streaming.attachUrl(new dev.hako.streaming.AttachRequest(c.id(), request.getTty(),
                request.getStdin(), request.getStdout(), request.getStderr()));
        return AttachResponse.newBuilder().setUrl(url).build();
    }

    PortForwardResponse portForward(PortForwardRequest request) throws IOException {
        Pod pod = CriPods.get(pods, request.getPodSandboxId());
        if (!pod.ready()) {
            throw HakoException.precondition("pod sandbox %s is not ready", pod.id());
        }
        String url = streaming.portForwardUrl(new dev.hako.streaming.PortForwardRequest(pod.id(), request.getPortList()));
        return PortForwardResponse.newBuilder().setUrl(url).build();
    }
}
