package dev.hako.it.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.cri.v1.ListPodSandboxRequest;
import dev.hako.cri.v1.NamespaceMode;
import dev.hako.cri.v1.NamespaceOption;
import dev.hako.cri.v1.LinuxPodSandboxConfig;
import dev.hako.cri.v1.LinuxSandboxSecurityContext;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxMetadata;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.StatusRequest;
import dev.hako.testkit.daemon.HakoDaemon;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without any CNI configuration the network is not ready: hakod says why, and only host-network pods run. */
class CriNoNetworkIT {
    @Test
    void networkNotReadyWithAReasonUntilAConfigurationAppears() throws Exception {
        CniPrerequisites.require();
        Path conf = Files.createTempDirectory("hako-it-empty-net.d-");
        try (HakoDaemon hakod = HakoDaemon.start("[cni]\nconf_dir = \"" + conf + "\"\nbin_dirs = [\"/usr/lib/cni\"]\n");
             CriClient cri = new CriClient(hakod.socket())) {
            var network = cri.runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditionsList().stream()
                    .filter(c -> c.getType().equals("NetworkReady")).findFirst().orElseThrow();
            assertFalse(network.getStatus());
            assertEquals("NetworkPluginNotReady", network.getReason());
            assertTrue(network.getMessage().contains(conf.toString()), network.getMessage());

            PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                    .setMetadata(PodSandboxMetadata.newBuilder().setName("p").setNamespace("default").setUid("u")).build();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()));
            assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
            assertTrue(e.getMessage().contains("network is not ready"), e.getMessage());
            assertTrue(cri.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().isEmpty());

            // A host-network pod needs no CNI.
            PodSandboxConfig hostPod = pod.toBuilder().setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(
                    LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                            .setNetwork(NamespaceMode.NODE)))).build();
            String id = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(hostPod).build()).getPodSandboxId();
            cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        } finally {
            dev.hako.sys.FileTrees.deleteRecursively(conf);
        }
    }
}
