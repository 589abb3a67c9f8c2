package dev.hako.pods;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hako.cni.PortMapping;
import java.util.List;
import java.util.Map;

/**
 * What a pod sandbox was asked to be (the CRI's PodSandboxConfig, checked), kept as JSON with the
 * pod so that status and recovery see it as given.
 *
 * @param name the pod's name; with namespace, uid and attempt it names the sandbox on the node
 * @param hostname "" for the node's hostname
 * @param logDirectory where the kubelet wants the containers' logs; "" for none
 * @param cgroupParent the kubelet's cgroup for the pod (cgroupfs); "" for hako's own parent
 * @param runtimeHandler the runtime handler (RuntimeClass); "" for the default
 * @param sharedPid one PID namespace for all the pod's containers (with a pause process)
 * @param sentConfig the configuration as the client sent it (the CRI's PodSandboxConfig, as JSON),
 *     opaque here and shown back by the verbose status; "" for pods made before hako kept it
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record PodConfig(
        String name,
        String namespace,
        String uid,
        int attempt,
        String hostname,
        String logDirectory,
        DnsConfig dns,
        List<PortMapping> portMappings,
        Map<String, String> labels,
        Map<String, String> annotations,
        String cgroupParent,
        String runtimeHandler,
        boolean hostNetwork,
        boolean hostPid,
        boolean hostIpc,
        Map<String, String> sysctls,
        boolean sharedPid,
        String sentConfig) {

    /** A pod's settings without the configuration as sent. */
    public PodConfig(String name, String namespace, String uid, int attempt, String hostname, String logDirectory,
                     DnsConfig dns, List<PortMapping> portMappings, Map<String, String> labels,
                     Map<String, String> annotations, String cgroupParent, String runtimeHandler, boolean hostNetwork,
                     boolean hostPid, boolean hostIpc, Map<String, String> sysctls, boolean sharedPid) {
        this(name, namespace, uid, attempt, hostname, logDirectory, dns, portMappings, labels, annotations, cgroupParent,
                runtimeHandler, hostNetwork, hostPid, hostIpc, sysctls, sharedPid, "");
    }

    public PodConfig {
        if (name == null || name.isEmpty()) {
            throw dev.hako.errdefs.HakoException.invalid("PodSandboxConfig.metadata.name is required");
        }
        if (namespace == null || namespace.isEmpty()) {
            throw dev.hako.errdefs.HakoException.invalid("PodSandboxConfig.metadata.namespace is required");
        }
        uid = uid == null ? "" : uid;
        hostname = hostname == null ? "" : hostname;
        logDirectory = logDirectory == null ? "" : logDirectory;
        dns = dns == null ? new DnsConfig(null, null, null) : dns;
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
        sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
        sentConfig = sentConfig == null ? "" : sentConfig;
        // The kernel takes up to 64 bytes; the name also goes into /etc/hosts and /etc/hostname.
        if (!hostname.isEmpty() && !hostname.matches("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,63})")) {
            throw dev.hako.errdefs.HakoException.invalid("PodSandboxConfig.hostname \"%s\" is invalid: letters, digits, '.', '-' and '_', at most 64 characters", hostname);
        }
        if (!logDirectory.isEmpty() && !logDirectory.startsWith("/")) {
            throw dev.hako.errdefs.HakoException.invalid("PodSandboxConfig.log_directory \"%s\" must be an absolute path", logDirectory);
        }
        if (sharedPid && hostPid) {
            throw dev.hako.errdefs.HakoException.invalid("a pod cannot both share one PID namespace and use the host's");
        }
        if (cgroupParent.contains("..")) {
            throw dev.hako.errdefs.HakoException.invalid("PodSandboxConfig.linux.cgroup_parent \"%s\" is invalid", cgroupParent);
        }
    }

    /** The sandbox's unique name on the node, as containerd and CRI-O form it. */
    public String sandboxName() {
        return name + "_" + namespace + "_" + uid + "_" + attempt;
    }
}
