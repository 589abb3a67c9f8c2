package dev.hako.cni;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pod sandbox's attachment to a network: what the plugins are told through their environment
 * (container id, netns, interface name, CNI_ARGS from the pod's identity) and the runtime
 * arguments of their capabilities (port mappings, bandwidth).
 *
 * @param containerId the pod sandbox id (CNI_CONTAINERID)
 * @param netns the sandbox's network namespace file (CNI_NETNS); may be null for DEL only, when
 *     the namespace is already gone
 * @param ifName the interface inside the sandbox (CNI_IFNAME), "eth0" when null
 * @param podName the pod's name, or null (then not passed in CNI_ARGS)
 * @param podNamespace the pod's namespace, or null
 * @param podUid the pod's uid, or null
 * @param portMappings published ports; those with host port 0 are not sent
 * @param bandwidth traffic limits, or null
 */
public record PodNetworkRequest(String containerId, Path netns, String ifName, String podName, String podNamespace,
        String podUid, List<PortMapping> portMappings, Bandwidth bandwidth) {
    public static final String DEFAULT_IF_NAME = "eth0";

    // The spec's rule for container ids; it also keeps the id safe in a cache file name.
    private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    public PodNetworkRequest {
        if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid CNI container id " + quote(containerId)
                    + ": it must start with a letter or digit, followed by letters, digits, '_', '.' or '-'");
        }
        ifName = ifName == null ? DEFAULT_IF_NAME : ifName;
        if (!isValidIfName(ifName)) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid interface name " + quote(ifName)
                    + ": 1 to 15 characters, not \".\" or \"..\", without '/', ':' or white space");
        }
        requireArgValue("pod name", podName);
        requireArgValue("pod namespace", podNamespace);
        requireArgValue("pod uid", podUid);
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
    }

    /** A request for the sandbox {@code containerId} of a pod, on eth0, with no ports published. */
    public static PodNetworkRequest of(String containerId, Path netns, String podName, String podNamespace,
            String podUid) {
        return new PodNetworkRequest(containerId, netns, null, podName, podNamespace, podUid, List.of(), null);
    }

    public PodNetworkRequest withIfName(String name) {
        return new PodNetworkRequest(containerId, netns, name, podName, podNamespace, podUid, portMappings, bandwidth);
    }

    public PodNetworkRequest withPortMappings(List<PortMapping> mappings) {
        return new PodNetworkRequest(containerId, netns, ifName, podName, podNamespace, podUid, mappings, bandwidth);
    }

    public PodNetworkRequest withBandwidth(Bandwidth limits) {
        return new PodNetworkRequest(containerId, netns, ifName, podName, podNamespace, podUid, portMappings, limits);
    }

    /**
     * CNI_ARGS as kubelet's dockershim and the CRI runtimes after it pass them: IgnoreUnknown first,
     * so plugins that know none of the keys do not fail.
     */
    List<List<String>> cniArgs() {
        List<List<String>> args = new ArrayList<>();
        args.add(List.of("IgnoreUnknown", "1"));
        if (podNamespace != null) {
            args.add(List.of("K8S_POD_NAMESPACE", podNamespace));
        }
        if (podName != null) {
            args.add(List.of("K8S_POD_NAME", podName));
        }
        args.add(List.of("K8S_POD_INFRA_CONTAINER_ID", containerId));
        if (podUid != null) {
            args.add(List.of("K8S_POD_UID", podUid));
        }
        return args;
    }

    static boolean isValidIfName(String name) {
        return !name.isEmpty() && name.length() < 16 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == ':' || c == 0 || Character.isWhitespace(c));
    }

    /** CNI_ARGS is "K=V;K=V": a value holding ';' or '=' would smuggle in other keys. */
    private static void requireArgValue(String what, String value) {
        if (value != null && (value.isEmpty() || value.chars().anyMatch(c -> c == ';' || c == '=' || c < 0x20))) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid " + what + " " + quote(value)
                    + " (empty, or holds ';', '=' or a control character)");
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
