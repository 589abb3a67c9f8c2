package dev.hako.spec.customisers;

import dev.hako.spec.NetworkMode;
import dev.hako.spec.PodNamespaces;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/**
 * New pid, ipc, uts and mount namespaces, and a network namespace unless the host network is asked
 * for. In a namespace of its own (only "lo", which runc brings up) the container also gets docker's two
 * network sysctls: ping without CAP_NET_RAW and ports below 1024 without CAP_NET_BIND_SERVICE, harmless
 * where nothing else shares the namespace. The host network keeps a private UTS namespace, as docker.
 * A container of a pod joins the pod's pinned network, IPC and UTS namespaces (or the host's, as the
 * pod asks) and gets the pod's sysctls instead, and no hostname of its own to set.
 */
public final class NamespacesCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        spec.linux.namespaces.clear();
        PodNamespaces pod = input.context().pod();
        if (pod != null) {
            inPod(spec, pod);
            return;
        }
        for (String type : new String[] {"pid", "ipc", "uts", "mount"}) {
            spec.linux.namespaces.add(new Spec.Namespace(type));
        }
        if (input.settings().network() == NetworkMode.NONE) {
            spec.linux.namespaces.add(new Spec.Namespace("network"));
            spec.linux.sysctl.put("net.ipv4.ping_group_range", "0 2147483647");
            spec.linux.sysctl.put("net.ipv4.ip_unprivileged_port_start", "0");
        }
    }

    private static void inPod(Spec spec, PodNamespaces pod) {
        // The pod's UTS namespace got its name when the pod was made (the host's has the host's): not
        // the runtime's to set again for each container, as containerd leaves it to the sandbox.
        spec.hostname = null;
        if (!pod.hostPid()) {
            spec.linux.namespaces.add(new Spec.Namespace("pid", pathOf(pod.pid())));
        }
        if (!pod.hostIpc()) {
            spec.linux.namespaces.add(new Spec.Namespace("ipc", pathOf(pod.ipc())));
        }
        if (!pod.hostNetwork()) {
            spec.linux.namespaces.add(new Spec.Namespace("uts", pathOf(pod.uts())));
            spec.linux.namespaces.add(new Spec.Namespace("network", pathOf(pod.network())));
        }
        spec.linux.namespaces.add(new Spec.Namespace("mount"));
        spec.linux.sysctl.putAll(pod.sysctls());
    }

    private static String pathOf(java.nio.file.Path p) {
        return p == null ? null : p.toString();
    }
}
