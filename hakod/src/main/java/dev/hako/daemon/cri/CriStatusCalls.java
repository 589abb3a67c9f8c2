package dev.hako.daemon.cri;

import dev.hako.cri.v1.CgroupDriver;
import dev.hako.cri.v1.LinuxRuntimeConfiguration;
import dev.hako.cri.v1.RuntimeCondition;
import dev.hako.cri.v1.RuntimeConfigRequest;
import dev.hako.cri.v1.RuntimeConfigResponse;
import dev.hako.cri.v1.RuntimeHandler;
import dev.hako.cri.v1.RuntimeHandlerFeatures;
import dev.hako.cri.v1.RuntimeStatus;
import dev.hako.cri.v1.StatusRequest;
import dev.hako.cri.v1.StatusResponse;
import dev.hako.cri.v1.UpdateRuntimeConfigRequest;
import dev.hako.cri.v1.UpdateRuntimeConfigResponse;
import dev.hako.cri.v1.VersionRequest;
import dev.hako.cri.v1.VersionResponse;
import dev.hako.pods.PodNetwork;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/** Version, Status, RuntimeConfig and UpdateRuntimeConfig: what the runtime is and whether it is ready. */
final class CriStatusCalls {
    private static final Logger LOG = System.getLogger("hakod.cri");
    private static final String RUNTIME_API_VERSION = "v1";

    private final PodNetwork network;
    private final List<String> handlerNames;
    private final CriSettings settings;
    private final CriCniInfo cni;

    /** @param handlerNames the configured runtime handlers, each offered to the kubelet as a RuntimeClass */
    CriStatusCalls(PodNetwork network, List<String> handlerNames, CriSettings settings, CriCniInfo cni) {
        this.network = network;
        this.handlerNames = List.copyOf(handlerNames);
        this.settings = settings;
        this.cni = cni;
    }

    VersionResponse version(VersionRequest request) {
        return VersionResponse.newBuilder()
                .setVersion("0.1.0")
                .setRuntimeName("hako")
                .setRuntimeVersion(dev.hako.api.HakoVersion.version())
                .setRuntimeApiVersion(RUNTIME_API_VERSION)
                .build();
    }

    /** Ready always; the network ready when CNI has a usable configuration (the kubelet waits for it). */
    StatusResponse status(StatusRequest request) {
        RuntimeCondition runtime = RuntimeCondition.newBuilder().setType("RuntimeReady").setStatus(true).build();
        Optional<String> reason = network.notReadyReason();
        RuntimeCondition ready = RuntimeCondition.newBuilder().setType("NetworkReady").setStatus(reason.isEmpty())
                .setReason(reason.isEmpty() ? "" : "NetworkPluginNotReady").setMessage(reason.orElse("")).build();
        StatusResponse.Builder out = StatusResponse.newBuilder()
                .setStatus(RuntimeStatus.newBuilder().addConditions(runtime).addConditions(ready));
        if (request.getVerbose()) {
            out.putAllInfo(CriStatusInfo.info(settings, cni.config(), reason));
        }
        for (String name : handlerNames) {
            out.addRuntimeHandlers(RuntimeHandler.newBuilder().setName(name)
                    .setFeatures(RuntimeHandlerFeatures.newBuilder().setRecursiveReadOnlyMounts(false)
                            .setUserNamespaces(false)));
        }
        return out.build();
    }

    RuntimeConfigResponse runtimeConfig(RuntimeConfigRequest request) {
        return RuntimeConfigResponse.newBuilder()
                .setLinux(LinuxRuntimeConfiguration.newBuilder().setCgroupDriver(CgroupDriver.CGROUPFS)).build();
    }

    UpdateRuntimeConfigResponse updateRuntimeConfig(UpdateRuntimeConfigRequest request) {
        // The pod CIDR is the CNI configuration's business here (host-local ranges), as with containerd.
        String cidr = request.getRuntimeConfig().getNetworkConfig().getPodCidr();
        if (!cidr.isEmpty()) {
            LOG.log(Level.INFO, "the kubelet's pod CIDR is {0}", cidr);
        }
        return UpdateRuntimeConfigResponse.getDefaultInstance();
    }
}
