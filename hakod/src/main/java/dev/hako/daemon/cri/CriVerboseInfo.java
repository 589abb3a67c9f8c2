package dev.hako.daemon.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.images.Image;
import dev.hako.metadata.ContainerRecord;
import dev.hako.pods.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The "info" JSON of the verbose status calls (what {@code crictl inspecti}, {@code inspectp} and
 * {@code inspect} show beside the status), keyed as containerd's CRI keys it, so that an operator
 * reads the same document on either runtime.
 */
final class CriVerboseInfo {
    static final ObjectMapper MAPPER = dev.hako.oci.Json.MAPPER;
    /** hako's one way of running containers, in runtimeType's place. */
    static final String RUNTIME_TYPE = "io.hako.runtime.oci";
    static final String SNAPSHOTTER = "overlayfs";

    private CriVerboseInfo() {}

    /** ImageStatus: the image's chain ID (its top layer's) and its config as stored. */
    static String image(Image image) {
        ObjectNode info = MAPPER.createObjectNode();
        String top = image.topChainId();
        info.put("chainID", top == null ? "" : top);
        info.set("imageSpec", json(image.configBytes()));
        return info.toString();
    }

    /**
     * PodSandboxStatus: containerd's SandboxInfo keys that mean something without a pause container.
     * pid is the pause process's (pods with a shared PID namespace), else 0; processStatus is
     * containerd's word for the sandbox: running while it is ready, deleted once it is stopped,
     * stopped when its pause died under it. The config is the PodSandboxConfig as the kubelet sent
     * it (null for pods made before hako kept it). Left out: image, snapshotKey, snapshotter and
     * runtimeSpec, which describe containerd's pause container; added: where the pod's namespaces
     * are pinned.
     */
    static String pod(Pod pod, Optional<Integer> pausePid, boolean netnsClosed, JsonNode cniResult, CriSettings settings) {
        ObjectNode info = MAPPER.createObjectNode();
        info.put("pid", pausePid.orElse(0));
        info.put("processStatus", !pod.ready() ? "deleted"
                : pod.config().sharedPid() && pausePid.isEmpty() ? "stopped" : "running");
        info.put("netNamespaceClosed", netnsClosed);
        info.put("runtimeHandler", pod.config().runtimeHandler());
        runtime(info, pod.record().runtime(), settings);
        info.set("config", jsonOrNull(pod.config().sentConfig()));
        info.set("cniResult", cniResult);
        info.put("netNamespacePath", path(pod.netns()));
        info.put("ipcNamespacePath", path(pod.ipcns()));
        info.put("utsNamespacePath", path(pod.utsns()));
        if (pod.pidns() != null) {
            info.put("pidNamespacePath", pod.pidns().toString());
        }
        return info.toString();
    }

    /**
     * ContainerStatus: containerd's ContainerInfo keys. The config is the ContainerConfig as the
     * kubelet sent it (null for containers made before hako kept it); the runtime spec is the OCI
     * config.json the runtime was given (null before the container has one).
     */
    static String container(Container c, String runtimeSpec, CriSettings settings) {
        ContainerRecord r = c.record();
        ObjectNode info = MAPPER.createObjectNode();
        info.put("sandboxID", c.options().pod().podId());
        info.put("pid", r.pid());
        info.put("removing", r.state() == ContainerRecord.State.REMOVING);
        info.put("snapshotKey", ContainerService.SNAPSHOT_PREFIX + c.id());
        info.put("snapshotter", SNAPSHOTTER);
        runtime(info, r.runtime(), settings);
        info.set("config", jsonOrNull(c.options().pod().sentConfig()));
        info.set("runtimeSpec", jsonOrNull(runtimeSpec));
        return info.toString();
    }

    /**
     * runtimeType: how hako runs every handler (an OCI runtime through its command line, under
     * conmon), where containerd names its shim; runtimeOptions: the handler's binary and --root,
     * under the names containerd's runc options use.
     */
    private static void runtime(ObjectNode info, String handler, CriSettings settings) {
        info.put("runtimeType", RUNTIME_TYPE);
        ObjectNode options = info.putObject("runtimeOptions");
        settings.handler(handler).ifPresent(h -> {
            options.put("binary_name", h.path() != null ? h.path().toString() : h.name());
            options.put("root", h.root().toString());
        });
    }

    private static String path(java.nio.file.Path p) {
        return p == null ? "" : p.toString();
    }

    /** null for nothing; text that is not JSON (a damaged file) is shown as the text it is rather than failing the call. */
    private static JsonNode jsonOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return MAPPER.getNodeFactory().textNode(text);
        }
    }

    static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON that does not parse", e);
        }
    }
}
