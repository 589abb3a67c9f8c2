package dev.hako.daemon.cri;

import dev.hako.cgroups.CgroupStats;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.cri.v1.ContainerAttributes;
import dev.hako.cri.v1.ContainerStats;
import dev.hako.cri.v1.CpuUsage;
import dev.hako.cri.v1.FilesystemIdentifier;
import dev.hako.cri.v1.FilesystemUsage;
import dev.hako.cri.v1.LinuxPodSandboxStats;
import dev.hako.cri.v1.MemoryUsage;
import dev.hako.cri.v1.NetworkInterfaceUsage;
import dev.hako.cri.v1.NetworkUsage;
import dev.hako.cri.v1.PodSandboxAttributes;
import dev.hako.cri.v1.PodSandboxStats;
import dev.hako.cri.v1.ProcessUsage;
import dev.hako.cri.v1.UInt64Value;
import dev.hako.pods.Pod;
import dev.hako.sys.DiskUsage;
import dev.hako.sys.Namespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Container and pod statistics as the kubelet reads them: cumulative CPU time and memory from the
 * cgroups, the writable layer's size, and for a pod the sum of its containers and the traffic of
 * its network namespace.
 */
final class CriStats {
    private final ContainerService containers;
    private final Path snapshotRoot;
    private final CpuSamples containerCpu = new CpuSamples();
    private final CpuSamples podCpu = new CpuSamples();

    /** @param snapshotRoot the snapshotter's root, the filesystem writable layers are on (their fsId, as containerd's) */
    CriStats(ContainerService containers, Path snapshotRoot) {
        this.containers = containers;
        this.snapshotRoot = snapshotRoot;
    }

    ContainerStats container(Container c) throws IOException {
        long now = System.currentTimeMillis() * 1_000_000L;
        CgroupStats stats = containers.cgroupStats(c.id());
        ContainerStats.Builder out = ContainerStats.newBuilder()
                .setAttributes(ContainerAttributes.newBuilder().setId(c.id()).setMetadata(CriContainers.metadata(c))
                        .putAllLabels(c.options().labels()).putAllAnnotations(c.options().pod().annotations()))
                .setCpu(cpu(c.id(), stats, now))
                .setMemory(memory(stats, now));
        var layer = containers.writableLayer(c.id());
        if (layer.isPresent()) {
            // Disk usage as containerd's snapshotter counts it: blocks, directories included, each inode once.
            DiskUsage usage = DiskUsage.of(layer.get());
            out.setWritableLayer(FilesystemUsage.newBuilder().setTimestamp(now)
                    .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(snapshotRoot.toString()))
                    .setUsedBytes(u64(usage.bytes())).setInodesUsed(u64(usage.inodes())));
        }
        return out.build();
    }

    PodSandboxStats pod(Pod pod, List<Container> members) throws IOException {
        long now = System.currentTimeMillis() * 1_000_000L;
        long cpu = 0;
        long memory = 0;
        long workingSet = 0;
        long processes = 0;
        LinuxPodSandboxStats.Builder linux = LinuxPodSandboxStats.newBuilder();
        for (Container c : members) {
            CgroupStats s = containers.cgroupStats(c.id());
            cpu += s.cpu().map(x -> x.usageNanos()).orElse(0L);
            memory += s.memory().map(x -> x.rawUsageBytes()).orElse(0L);
            workingSet += s.memory().map(x -> x.usageBytes()).orElse(0L);
            processes += s.pids().map(x -> x.current()).orElse(0L);
            linux.addContainers(container(c));
        }
        linux.setCpu(CpuUsage.newBuilder().setTimestamp(now).setUsageCoreNanoSeconds(u64(cpu))
                        .setUsageNanoCores(u64(podCpu.nanoCores(pod.id(), cpu, now))))
                .setMemory(MemoryUsage.newBuilder().setTimestamp(now).setUsageBytes(u64(memory)).setWorkingSetBytes(u64(workingSet)))
                .setProcess(ProcessUsage.newBuilder().setTimestamp(now).setProcessCount(u64(processes)));
        if (pod.ready() && pod.netns() != null) {
            linux.setNetwork(network(pod.netns(), now));
        }
        return PodSandboxStats.newBuilder()
                .setAttributes(PodSandboxAttributes.newBuilder().setId(pod.id()).setMetadata(CriPods.metadata(pod.config()))
                        .putAllLabels(pod.config().labels()).putAllAnnotations(pod.config().annotations()))
                .setLinux(linux)
                .build();
    }

    /** Forgets the CPU samples of containers that are not running any more (the List call knows them all). */
    void retainContainers(Set<String> running) {
        containerCpu.retainOnly(running);
    }

    /** Forgets the CPU samples of pods that are gone. */
    void retainPods(Set<String> pods) {
        podCpu.retainOnly(pods);
    }

    /** CPU time so far, and the cores used since the previous stats call (0 the first time), as containerd. */
    private CpuUsage cpu(String id, CgroupStats stats, long now) {
        CpuUsage.Builder cpu = CpuUsage.newBuilder().setTimestamp(now);
        stats.cpu().ifPresent(c -> cpu.setUsageCoreNanoSeconds(u64(c.usageNanos()))
                .setUsageNanoCores(u64(containerCpu.nanoCores(id, c.usageNanos(), now))));
        return cpu.build();
    }

    /**
     * usage: the cgroup's usage including caches; working set: without the inactive file cache, as
     * docker shows; available: what the limit leaves of the working set, 0 without a limit (containerd's).
     */
    private static MemoryUsage memory(CgroupStats stats, long now) {
        MemoryUsage.Builder memory = MemoryUsage.newBuilder().setTimestamp(now);
        stats.memory().ifPresent(m -> memory.setUsageBytes(u64(m.rawUsageBytes())).setWorkingSetBytes(u64(m.usageBytes()))
                .setAvailableBytes(u64(m.limited() ? Math.max(0, m.limitBytes() - m.usageBytes()) : 0))
                .setRssBytes(u64(m.rssBytes())).setPageFaults(u64(m.pageFaults()))
                .setMajorPageFaults(u64(m.majorPageFaults())));
        return memory.build();
    }

    /** The counters of the pod's interfaces, read inside its network namespace (/proc/thread-self/net/dev). */
    private static NetworkUsage network(Path netns, long now) throws IOException {
        List<String> lines = Namespaces.callIn(netns, Namespaces.Kind.NET,
                () -> Files.readAllLines(Path.of("/proc/thread-self/net/dev")));
        NetworkUsage.Builder out = NetworkUsage.newBuilder().setTimestamp(now);
        for (String line : lines.stream().skip(2).toList()) {
            String[] parts = line.trim().split("[:\\s]+");
            if (parts.length < 17 || parts[0].equals("lo")) {
                continue;
            }
            NetworkInterfaceUsage i = NetworkInterfaceUsage.newBuilder().setName(parts[0])
                    .setRxBytes(u64(Long.parseLong(parts[1]))).setRxErrors(u64(Long.parseLong(parts[3])))
                    .setTxBytes(u64(Long.parseLong(parts[9]))).setTxErrors(u64(Long.parseLong(parts[11])))
                    .build();
            out.addInterfaces(i);
            if (parts[0].equals("eth0")) {
                out.setDefaultInterface(i);
            }
        }
        return out.build();
    }

    private static UInt64Value u64(long v) {
        return UInt64Value.newBuilder().setValue(v).build();
    }
}
