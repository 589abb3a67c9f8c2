package dev.hako.daemon.cri;

import dev.hako.cgroups.CgroupStats;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.cri.v1.ContainerMetrics;
import dev.hako.cri.v1.Metric;
import dev.hako.cri.v1.MetricDescriptor;
import dev.hako.cri.v1.MetricType;
import dev.hako.cri.v1.PodSandboxMetrics;
import dev.hako.cri.v1.UInt64Value;
import dev.hako.pods.Pod;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The metrics the kubelet may take from the runtime instead of cAdvisor (ListMetricDescriptors and
 * ListPodSandboxMetrics), under cAdvisor's names, for the counters hako reads from the cgroups.
 * Only whole-number metrics: the CRI carries unsigned integers (CPU time is in nanoseconds).
 */
final class CriMetrics {
    private record Definition(String name, String help, MetricType type, ToLongFunction<CgroupStats> value) {}

    private static final List<Definition> METRICS = List.of(
            new Definition("container_cpu_usage_nanoseconds_total", "Cumulative CPU time consumed, in nanoseconds.",
                    MetricType.COUNTER, s -> s.cpu().map(c -> c.usageNanos()).orElse(0L)),
            new Definition("container_memory_usage_bytes", "Current memory usage, page cache included.",
                    MetricType.GAUGE, s -> s.memory().map(m -> m.rawUsageBytes()).orElse(0L)),
            new Definition("container_memory_working_set_bytes", "Current working set: usage without inactive file cache.",
                    MetricType.GAUGE, s -> s.memory().map(m -> m.usageBytes()).orElse(0L)),
            new Definition("container_memory_rss", "Anonymous memory.",
                    MetricType.GAUGE, s -> s.memory().map(m -> m.rssBytes()).orElse(0L)),
            new Definition("container_processes", "Number of processes running inside the container.",
                    MetricType.GAUGE, s -> s.pids().map(p -> p.current()).orElse(0L)));

    static final List<MetricDescriptor> DESCRIPTORS = METRICS.stream()
            .map(d -> MetricDescriptor.newBuilder().setName(d.name()).setHelp(d.help()).build())
            .toList();

    private CriMetrics() {}

    static PodSandboxMetrics pod(ContainerService containers, Pod pod, List<Container> running) {
        long now = System.currentTimeMillis() * 1_000_000L;
        PodSandboxMetrics.Builder out = PodSandboxMetrics.newBuilder().setPodSandboxId(pod.id());
        for (Container c : running) {
            CgroupStats stats = containers.cgroupStats(c.id());
            ContainerMetrics.Builder cm = ContainerMetrics.newBuilder().setContainerId(c.id());
            for (Definition d : METRICS) {
                cm.addMetrics(Metric.newBuilder().setName(d.name()).setTimestamp(now).setMetricType(d.type())
                        .setValue(UInt64Value.newBuilder().setValue(d.value().applyAsLong(stats))));
            }
            out.addContainerMetrics(cm);
        }
        return out.build();
    }
}
