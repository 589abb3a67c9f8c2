package dev.hako.spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The namespaces a container of a pod joins instead of making its own, and the pod's sysctls.
 * A null path with the host flag unset means "a namespace of the container's own".
 *
 * @param network the pod's pinned network namespace; null with {@code hostNetwork}
 * @param ipc the pod's pinned IPC namespace; null with {@code hostIpc}
 * @param uts the pod's pinned UTS namespace; null with {@code hostNetwork} (the host's name, as kubelet expects)
 * @param pid the pod's shared PID namespace (its pause process's); null: one per container, or the host's with {@code hostPid}
 * @param sysctls namespaced sysctls for every container of the pod, checked
 */
public record PodNamespaces(Path network, Path ipc, Path uts, Path pid, boolean hostNetwork, boolean hostIpc,
                            boolean hostPid, Map<String, String> sysctls) {
    private static final Pattern NAMESPACED = Pattern.compile(
            "kernel\\.(shm[a-z_]+|msg[a-z_]+|sem|shm_rmid_forced)|fs\\.mqueue\\.[a-z_]+|net\\.[a-z0-9_./-]+");

    public PodNamespaces {
        sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
        for (Map.Entry<String, String> e : sysctls.entrySet()) {
            checkSysctl(e.getKey(), e.getValue(), hostNetwork, hostIpc);
        }
    }

    /**
     * Only sysctls that live in a namespace the pod owns may be set: others would change the host.
     * Values with '=', '+' or a newline are refused, as they would smuggle a second setting.
     */
    static void checkSysctl(String name, String value, boolean hostNetwork, boolean hostIpc) {
        if (name == null || !NAMESPACED.matcher(name).matches()) {
            throw dev.hako.errdefs.HakoException.invalid("sysctl %s is not namespaced: only kernel.shm*, kernel.msg*, "
                    + "kernel.sem, fs.mqueue.* and net.* can be set for a pod", name);
        }
        if (value == null || value.contains("=") || value.contains("+") || value.contains("\n")) {
            throw dev.hako.errdefs.HakoException.invalid("sysctl %s has an invalid value \"%s\": '=', '+' and newlines are not allowed",
                    name, value);
        }
        if (hostNetwork && name.startsWith("net.")) {
            throw dev.hako.errdefs.HakoException.invalid("sysctl %s cannot be set: the pod uses the host's network", name);
        }
        if (hostIpc && !name.startsWith("net.")) {
            throw dev.hako.errdefs.HakoException.invalid("sysctl %s cannot be set: the pod uses the host's IPC namespace", name);
        }
    }
}
