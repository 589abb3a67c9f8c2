package dev.hako.daemon.cri;

import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.cri.v1.ContainerStats;
import dev.hako.cri.v1.ContainerStatsFilter;
import dev.hako.cri.v1.ContainerStatsRequest;
import dev.hako.cri.v1.ContainerStatsResponse;
import dev.hako.cri.v1.ListContainerStatsRequest;
import dev.hako.cri.v1.ListContainerStatsResponse;
import dev.hako.cri.v1.ListMetricDescriptorsRequest;
import dev.hako.cri.v1.ListMetricDescriptorsResponse;
import dev.hako.cri.v1.ListPodSandboxMetricsRequest;
import dev.hako.cri.v1.ListPodSandboxMetricsResponse;
import dev.hako.cri.v1.ListPodSandboxStatsRequest;
import dev.hako.cri.v1.ListPodSandboxStatsResponse;
import dev.hako.cri.v1.PodSandboxMetrics;
import dev.hako.cri.v1.PodSandboxStats;
import dev.hako.cri.v1.PodSandboxStatsFilter;
import dev.hako.cri.v1.PodSandboxStatsRequest;
import dev.hako.cri.v1.PodSandboxStatsResponse;
import dev.hako.metadata.ContainerRecord;
import dev.hako.pods.Pod;
import dev.hako.pods.PodService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one stats service of the CRI: ContainerStats, PodSandboxStats and their List and Stream
 * forms, and the metrics calls. It fans out over the running containers (of each ready pod, found
 * by the pod service's index), builds the answers with {@link CriStats} and {@link CriMetrics}, and
 * keeps {@link CriStats}' CPU samples to what still runs.
 */
final class CriStatsCalls {
    private final PodService pods;
    private final ContainerService containers;
    private final CriStats stats;

    /** @param snapshotRoot the filesystem writable layers are on (their fsId) */
    CriStatsCalls(PodService pods, ContainerService containers, Path snapshotRoot) {
        this.pods = pods;
        this.containers = containers;
        this.stats = new CriStats(containers, snapshotRoot);
    }

    ContainerStatsResponse containerStats(ContainerStatsRequest request) throws IOException {
        return ContainerStatsResponse.newBuilder()
                .setStats(stats.container(CriContainers.inPod(containers, request.getContainerId()))).build();
    }

    ListContainerStatsResponse listContainerStats(ListContainerStatsRequest request) throws IOException {
        return ListContainerStatsResponse.newBuilder().addAllStats(containerStats(request.getFilter())).build();
    }

    /** The running CRI containers' stats; the samples of those that stopped are forgotten. */
    List<ContainerStats> containerStats(ContainerStatsFilter filter) throws IOException {
        List<ContainerStats> out = new ArrayList<>();
        List<Container> running = containers.list(false);
        for (Container c : running) {
            if (CriContainers.matches(c, filter)) {
                out.add(stats.container(c));
            }
        }
        stats.retainContainers(running.stream().map(Container::id).collect(Collectors.toSet()));
        return out;
    }

    PodSandboxStatsResponse podSandboxStats(PodSandboxStatsRequest request) throws IOException {
        Pod pod = CriPods.get(pods, request.getPodSandboxId());
        return PodSandboxStatsResponse.newBuilder().setStats(stats.pod(pod, running(pod))).build();
    }

    ListPodSandboxStatsResponse listPodSandboxStats(ListPodSandboxStatsRequest request) throws IOException {
        return ListPodSandboxStatsResponse.newBuilder().addAllStats(podStats(request.getFilter())).build();
    }

    /** The ready pods' stats; the samples of pods that are gone are forgotten. */
    List<PodSandboxStats> podStats(PodSandboxStatsFilter filter) throws IOException {
        List<PodSandboxStats> out = new ArrayList<>();
        List<Pod> all = pods.list();
        for (Pod pod : all) {
            if (CriPods.matches(pod, filter)) {
                out.add(stats.pod(pod, running(pod)));
            }
        }
        stats.retainPods(all.stream().map(Pod::id).collect(Collectors.toSet()));
        return out;
    }

    ListMetricDescriptorsResponse listMetricDescriptors(ListMetricDescriptorsRequest request) {
        return ListMetricDescriptorsResponse.newBuilder().addAllDescriptors(CriMetrics.DESCRIPTORS).build();
    }

    ListPodSandboxMetricsResponse listPodSandboxMetrics(ListPodSandboxMetricsRequest request) throws IOException {
        return ListPodSandboxMetricsResponse.newBuilder().addAllPodMetrics(podMetrics()).build();
    }

    /** The metrics of each ready pod's running containers. */
    List<PodSandboxMetrics> podMetrics() throws IOException {
        List<PodSandboxMetrics> out = new ArrayList<>();
        for (Pod pod : pods.list()) {
            if (pod.ready()) {
                out.add(CriMetrics.pod(containers, pod, running(pod)));
            }
        }
        return out;
    }

    private List<Container> running(Pod pod) {
        return pods.containersOf(pod.id()).stream()
                .filter(c -> c.record().state() == ContainerRecord.State.RUNNING).toList();
    }
}
