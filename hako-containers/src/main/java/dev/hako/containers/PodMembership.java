package dev.hako.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hako.spec.NameFiles;
import java.nio.file.Path;
import java.util.Map;

/**
 * What makes a container part of a pod sandbox: the pod's pinned namespaces it joins, the pod's
 * cgroup parent, hosts and resolv.conf files, and the log file the kubelet chose. Paths are kept as
 * strings: this record is stored as JSON with the container's options.
 *
 * @param podId the pod sandbox's id
 * @param netns the pod's pinned network namespace; "" with the host network
 * @param ipcns the pod's pinned IPC namespace; "" with the host's IPC
 * @param utsns the pod's pinned UTS namespace; "" with the host network
 * @param pidns the pod's shared PID namespace; "" when each container has its own (or the host's)
 * @param cgroupParent the pod's cgroup parent (kubelet's, cgroupfs); "" for hako's own parent
 * @param logPath the container's log file (the pod's log directory joined with its log path); "" for hako's
 * @param podDir the pod's directory holding hostname, hosts and resolv.conf
 * @param hostname the pod's hostname
 * @param sysctls the pod's namespaced sysctls
 * @param containerName the container's name in its pod (the CRI metadata name)
 * @param attempt the CRI metadata attempt
 * @param annotations the CRI annotations, given back as they came
 * @param imageSpec the image as the kubelet named it
 * @param sentConfig the container's configuration as the client sent it (the CRI's ContainerConfig,
 *     as JSON), opaque here and shown back by the verbose status; "" for containers made before hako kept it
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record PodMembership(String podId, String netns, String ipcns, String utsns, String pidns, boolean hostNetwork, boolean hostIpc,
                            boolean hostPid, String cgroupParent, String logPath, String podDir, String hostname,
                            Map<String, String> sysctls, String containerName, int attempt,
                            Map<String, String> annotations, String imageSpec, String sentConfig) {
    /** A membership without the configuration as sent. */
    public PodMembership(String podId, String netns, String ipcns, String utsns, String pidns, boolean hostNetwork,
                         boolean hostIpc, boolean hostPid, String cgroupParent, String logPath, String podDir,
                         String hostname, Map<String, String> sysctls, String containerName, int attempt,
                         Map<String, String> annotations, String imageSpec) {
        this(podId, netns, ipcns, utsns, pidns, hostNetwork, hostIpc, hostPid, cgroupParent, logPath, podDir, hostname,
                sysctls, containerName, attempt, annotations, imageSpec, "");
    }

    /** The pod's hosts, hostname and resolv.conf, which every container of the pod binds. */
    public NameFiles nameFiles() {
        return NameFiles.in(Path.of(podDir));
    }

    public PodMembership {
        netns = netns == null ? "" : netns;
        ipcns = ipcns == null ? "" : ipcns;
        utsns = utsns == null ? "" : utsns;
        pidns = pidns == null ? "" : pidns;
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        logPath = logPath == null ? "" : logPath;
        podDir = podDir == null ? "" : podDir;
        hostname = hostname == null ? "" : hostname;
        sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
        containerName = containerName == null ? "" : containerName;
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        imageSpec = imageSpec == null ? "" : imageSpec;
        sentConfig = sentConfig == null ? "" : sentConfig;
    }
}
