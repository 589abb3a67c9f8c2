package dev.hako.daemon.cri;

import dev.hako.cni.PortMapping;
import dev.hako.errdefs.HakoException;
import dev.hako.pods.DnsConfig;
import dev.hako.pods.Pod;
import dev.hako.pods.PodConfig;
import dev.hako.pods.PodService;
import dev.hako.cri.v1.LinuxPodSandboxStatus;
import dev.hako.cri.v1.Namespace;
import dev.hako.cri.v1.NamespaceMode;
import dev.hako.cri.v1.NamespaceOption;
import dev.hako.cri.v1.PodIP;
import dev.hako.cri.v1.PodSandbox;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxFilter;
import dev.hako.cri.v1.PodSandboxMetadata;
import dev.hako.cri.v1.PodSandboxNetworkStatus;
import dev.hako.cri.v1.PodSandboxState;
import dev.hako.cri.v1.PodSandboxStatus;
import dev.hako.cri.v1.Protocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PodSandboxConfig to hako's pod settings, and hako's pods back to the CRI's messages. */
final class CriPods {
    private CriPods() {}

    static PodConfig config(PodSandboxConfig c, String runtimeHandler) {
        if (!c.hasMetadata()) {
            throw HakoException.invalid("PodSandboxConfig.metadata is required");
        }
        PodSandboxMetadata m = c.getMetadata();
        NamespaceOption ns = c.getLinux().getSecurityContext().getNamespaceOptions();
        if (ns.getNetwork() == NamespaceMode.TARGET || ns.getIpc() == NamespaceMode.TARGET) {
            throw HakoException.invalid("PodSandboxConfig.linux.security_context.namespace_options: TARGET is only valid for pid");
        }
        List<PortMapping> ports = new ArrayList<>();
        for (var p : c.getPortMappingsList()) {
            ports.add(new PortMapping(p.getHostPort(), p.getContainerPort(), protocol(p.getProtocol()), p.getHostIp()));
        }
        var dns = c.getDnsConfig();
        return new PodConfig(m.getName(), m.getNamespace(), m.getUid(), m.getAttempt(), c.getHostname(),
                c.getLogDirectory(), new DnsConfig(dns.getServersList(), dns.getSearchesList(), dns.getOptionsList()),
                ports, c.getLabelsMap(), c.getAnnotationsMap(), c.getLinux().getCgroupParent(), runtimeHandler,
                ns.getNetwork() == NamespaceMode.NODE, ns.getPid() == NamespaceMode.NODE, ns.getIpc() == NamespaceMode.NODE,
                c.getLinux().getSysctlsMap(), ns.getPid() == NamespaceMode.POD, CriJson.of(c).toString());
    }

    private static String protocol(Protocol p) {
        return switch (p) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case SCTP -> "sctp";
            case UNRECOGNIZED -> throw HakoException.invalid("PortMapping.protocol is not a known protocol");
        };
    }

    /** The pod a request names by {@code pod_sandbox_id} (an id or a unique prefix): INVALID_ARGUMENT when empty. */
    static Pod get(PodService pods, String podSandboxId) throws IOException {
        if (podSandboxId == null || podSandboxId.isEmpty()) {
            throw HakoException.invalid("PodSandboxId is required");
        }
        return pods.get(podSandboxId);
    }

    static PodSandboxMetadata metadata(PodConfig c) {
        return PodSandboxMetadata.newBuilder().setName(c.name()).setNamespace(c.namespace()).setUid(c.uid())
                .setAttempt(c.attempt()).build();
    }

    static PodSandboxState state(Pod pod) {
        return pod.ready() ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY;
    }

    /** The runtime handler is reported as the request named it ("" for the default), as containerd does. */
    static PodSandbox summary(Pod pod) {
        return PodSandbox.newBuilder()
                .setId(pod.id())
                .setMetadata(metadata(pod.config()))
                .setState(state(pod))
                .setCreatedAt(pod.record().createdAt())
                .putAllLabels(pod.config().labels())
                .putAllAnnotations(pod.config().annotations())
                .setRuntimeHandler(pod.config().runtimeHandler())
                .build();
    }

    static PodSandboxStatus status(Pod pod) {
        PodSandboxNetworkStatus.Builder network = PodSandboxNetworkStatus.newBuilder();
        if (pod.ready() && !pod.ips().isEmpty()) {
            network.setIp(pod.ips().getFirst());
            pod.ips().stream().skip(1).forEach(ip -> network.addAdditionalIps(PodIP.newBuilder().setIp(ip)));
        }
        PodConfig c = pod.config();
        NamespaceOption options = NamespaceOption.newBuilder()
                .setNetwork(c.hostNetwork() ? NamespaceMode.NODE : NamespaceMode.POD)
                .setPid(c.hostPid() ? NamespaceMode.NODE : c.sharedPid() ? NamespaceMode.POD : NamespaceMode.CONTAINER)
                .setIpc(c.hostIpc() ? NamespaceMode.NODE : NamespaceMode.POD)
                .build();
        return PodSandboxStatus.newBuilder()
                .setId(pod.id())
                .setMetadata(metadata(c))
                .setState(state(pod))
                .setCreatedAt(pod.record().createdAt())
                .setNetwork(network)
                .setLinux(LinuxPodSandboxStatus.newBuilder().setNamespaces(Namespace.newBuilder().setOptions(options)))
                .putAllLabels(c.labels())
                .putAllAnnotations(c.annotations())
                .setRuntimeHandler(c.runtimeHandler())
                .build();
    }

    static boolean matches(Pod pod, PodSandboxFilter f) {
        if (!f.getId().isEmpty() && !pod.id().startsWith(f.getId())) {
            return false;
        }
        if (f.hasState() && f.getState().getState() != state(pod)) {
            return false;
        }
        return labelsMatch(f.getLabelSelectorMap(), pod.config().labels());
    }

    /** The CRI's label selectors: every key present with exactly that value. */
    static boolean labelsMatch(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** ListPodSandboxStats' filter: ready pods only, by id prefix and labels. */
    static boolean matches(Pod pod, dev.hako.cri.v1.PodSandboxStatsFilter f) {
        return pod.ready() && (f.getId().isEmpty() || pod.id().startsWith(f.getId()))
                && labelsMatch(f.getLabelSelectorMap(), pod.config().labels());
    }
}
