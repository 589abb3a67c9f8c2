package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.images.Image;
import dev.hako.oci.ChainIds;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.ImageConfig;
import dev.hako.oci.Manifest;
import dev.hako.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriVerboseInfoTest {
    @Test
    void anImagesInfoIsItsChainIdAndItsConfigAsStored() throws Exception {
        Digest diffId = Digest.sha256(new byte[] {1});
        // As stored: key order, a field hako does not model ("container_config"), history.
        String stored = """
                {"architecture":"amd64","os":"linux","author":"kit","created":"2026-01-02T03:04:05Z",\
                "config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"container_config":{"Cmd":["x"]},\
                "rootfs":{"type":"layers","diff_ids":["%s"]},"history":[{"created_by":"umoci insert"}]}"""
                .formatted(diffId);
        byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
        Descriptor config = new Descriptor("application/vnd.oci.image.config.v1+json", Digest.sha256(bytes), bytes.length);
        Descriptor layer = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[] {2}), 10);
        Descriptor target = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {3}), 5);
        Image image = new Image("example.com/app:1", target, target,
                new Manifest(MediaTypes.OCI_MANIFEST, config, List.of(layer)), ImageConfig.parse(bytes, "config"), bytes,
                Instant.EPOCH);

        var info = CriVerboseInfo.MAPPER.readTree(CriVerboseInfo.image(image));
        assertEquals(List.of("chainID", "imageSpec"), List.copyOf(iterable(info.fieldNames())));
        assertEquals(ChainIds.of(List.of(diffId)).getLast().toString(), info.get("chainID").asText());
        assertEquals(CriVerboseInfo.MAPPER.readTree(stored), info.get("imageSpec"));
    }

    @Test
    void aContainersInfoHasContainerdsKeysWithItsConfigAsSentAndItsSpecAsAnObject() throws Exception {
        var settings = new CriSettings(new dev.hako.daemon.DaemonPaths(java.nio.file.Path.of("/var/lib/hako"),
                java.nio.file.Path.of("/run/hako"), java.nio.file.Path.of("/run/hako/hako.sock")),
                dev.hako.daemon.HakoConfig.defaults(), java.nio.file.Path.of("/run/hako/cni/cache"), false);
        var record = new dev.hako.metadata.ContainerRecord("c1", "app_web_default_u1_0", "busybox", "sha256:" + "a".repeat(64),
                "runc", dev.hako.metadata.ContainerRecord.State.RUNNING, "", 4242, 4200, 0, false, "", 0, 1, 2, 0);
        var c = new dev.hako.containers.Container(record, CriContainersTest.options(0, 0, null));

        var info = CriVerboseInfo.MAPPER.readTree(CriVerboseInfo.container(c, "{\"ociVersion\":\"1.0.2-dev\","
                + "\"process\":{\"args\":[\"sleep\",\"3600\"]}}", settings));
        assertEquals(List.of("sandboxID", "pid", "removing", "snapshotKey", "snapshotter", "runtimeType", "runtimeOptions",
                "config", "runtimeSpec"), iterable(info.fieldNames()));
        assertEquals("pod1", info.get("sandboxID").asText());
        assertEquals(4242, info.get("pid").asInt());
        assertEquals(false, info.get("removing").asBoolean());
        assertEquals("container-c1", info.get("snapshotKey").asText());
        assertEquals("overlayfs", info.get("snapshotter").asText());
        assertEquals("io.hako.runtime.oci", info.get("runtimeType").asText());
        assertEquals("{\"binary_name\":\"runc\",\"root\":\"/run/hako/runc\"}", info.get("runtimeOptions").toString());
        assertEquals("{\"metadata\":{\"name\":\"app\"},\"linux\":{}}", info.get("config").toString());
        assertEquals("sleep", info.at("/runtimeSpec/process/args/0").asText(), "the spec is an object, not a string");

        // A container from before hako kept its config, not created yet: null for both.
        var oldPod = new dev.hako.containers.PodMembership("pod1", "", "", "", "", false, false, false, "", "", "", "", null,
                "app", 0, null, "busybox");
        var oldOptions = CriContainersTest.options(0, 0, null);
        oldOptions = new dev.hako.containers.ContainerOptions(oldOptions.name(), oldOptions.image(), oldOptions.entrypoint(),
                oldOptions.cmd(), oldOptions.env(), oldOptions.workingDir(), oldOptions.user(), oldOptions.volumes(),
                oldOptions.tmpfs(), oldOptions.readOnly(), oldOptions.hostname(), 0, 0, 0, null, null, false, null, false, null,
                "runc", false, false, false, false, null, oldPod, null);
        var none = CriVerboseInfo.MAPPER.readTree(CriVerboseInfo.container(
                new dev.hako.containers.Container(record, oldOptions), "", settings));
        assertEquals(true, none.get("config").isNull());
        assertEquals(true, none.get("runtimeSpec").isNull());
    }

    @Test
    void aPodsInfoHasContainerdsKeysThatMeanSomethingWithoutAPauseContainer() throws Exception {
        var config = new dev.hako.pods.PodConfig("web", "default", "u1", 1, "", "", null, null, null, null, "", "", false,
                false, false, null, false, "{\"metadata\":{\"name\":\"web\"}}");
        var record = new dev.hako.metadata.PodRecord("p1", config.sandboxName(), "runc", dev.hako.metadata.PodRecord.State.READY,
                "", "", 1);
        java.nio.file.Path ns = java.nio.file.Path.of("/run/hako/pods/p1/ns");
        var pod = new dev.hako.pods.Pod(record, config, List.of("10.88.0.2"), ns.resolve("net"), ns.resolve("ipc"),
                ns.resolve("uts"), null, ns.getParent());
        var cniResult = CriVerboseInfo.MAPPER.readTree("{\"Interfaces\":{},\"DNS\":[],\"Routes\":[]}");

        var info = CriVerboseInfo.MAPPER.readTree(CriVerboseInfo.pod(pod, java.util.Optional.empty(), false, cniResult,
                settings()));
        assertEquals(List.of("pid", "processStatus", "netNamespaceClosed", "runtimeHandler", "runtimeType", "runtimeOptions",
                "config", "cniResult", "netNamespacePath", "ipcNamespacePath", "utsNamespacePath"), iterable(info.fieldNames()));
        assertEquals(0, info.get("pid").asInt());
        assertEquals("running", info.get("processStatus").asText());
        assertEquals("", info.get("runtimeHandler").asText(), "as requested: none");
        assertEquals("/run/hako/runc", info.at("/runtimeOptions/root").asText(), "the handler that runs it");
        assertEquals("{\"metadata\":{\"name\":\"web\"}}", info.get("config").toString());
        assertEquals(cniResult, info.get("cniResult"));
        assertEquals("/run/hako/pods/p1/ns/net", info.get("netNamespacePath").asText());

        var stopped = new dev.hako.pods.Pod(record.withState(dev.hako.metadata.PodRecord.State.NOTREADY), config, List.of(),
                pod.netns(), pod.ipcns(), pod.utsns(), null, pod.dir());
        var after = CriVerboseInfo.MAPPER.readTree(CriVerboseInfo.pod(stopped, java.util.Optional.empty(), true,
                CriVerboseInfo.MAPPER.nullNode(), settings()));
        assertEquals("deleted", after.get("processStatus").asText(), "containerd's word once the sandbox is stopped");
        assertEquals(true, after.get("netNamespaceClosed").asBoolean());
        assertEquals(true, after.get("cniResult").isNull());
    }

    private static CriSettings settings() {
        return new CriSettings(new dev.hako.daemon.DaemonPaths(java.nio.file.Path.of("/var/lib/hako"),
                java.nio.file.Path.of("/run/hako"), java.nio.file.Path.of("/run/hako/hako.sock")),
                dev.hako.daemon.HakoConfig.defaults(), java.nio.file.Path.of("/run/hako/cni/cache"), false);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
