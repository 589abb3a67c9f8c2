package dev.hako.daemon.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.cni.CniNetwork;
import dev.hako.cni.CniNetworks;
import dev.hako.cni.CniResult;
import dev.hako.cni.PodNetworkRequest;
import dev.hako.errdefs.HakoException;
import dev.hako.pods.Pod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pods' network as the verbose answers show it, in the shapes containerd prints (go-cni's):
 * a pod's results, read back from the CNI result cache.
 */
final class CriCniInfo {
    private final Path confDir;
    private final List<Path> binDirs;
    private final Path cacheDir;

    CriCniInfo(CriSettings settings) {
        this.confDir = settings.config().cni().confDir();
        this.binDirs = settings.config().cni().binDirs();
        this.cacheDir = settings.cniCacheDir();
    }

    /**
     * PodSandboxStatus' "cniResult": go-cni's Result (interfaces by name with their addresses, one
     * DNS entry and the routes of each network: the loopback first, then the pod network) from the
     * results cached when the pod's network was set up; null when it has none (host network, stopped).
     */
    JsonNode podResult(Pod pod) {
        if (pod.netns() == null) {
            return CriVerboseInfo.MAPPER.nullNode();
        }
        var config = pod.config();
        PodNetworkRequest request = PodNetworkRequest.of(pod.id(), pod.netns(), config.name(), config.namespace(),
                config.uid());
        List<CniResult> results = new ArrayList<>();
        CniNetwork.loopback(binDirs, cacheDir).cachedResult(request.withIfName("lo")).ifPresent(results::add);
        podNetwork().flatMap(n -> n.cachedResult(request)).ifPresent(results::add);
        return results.isEmpty() ? CriVerboseInfo.MAPPER.nullNode() : goCniResult(results);
    }

    /** The pod network as configured now; empty when there is none or it cannot be loaded (Status says why). */
    private Optional<CniNetwork> podNetwork() {
        try {
            return CniNetworks.load(confDir, binDirs).map(c -> new CniNetwork(c, binDirs, cacheDir));
        } catch (HakoException e) {
            return Optional.empty();
        }
    }

    static ObjectNode goCniResult(List<CniResult> results) {
        TreeMap<String, ObjectNode> interfaces = new TreeMap<>(); // Go writes a map's keys sorted
        ArrayNode dns = CriVerboseInfo.MAPPER.createArrayNode();
        ArrayNode routes = CriVerboseInfo.MAPPER.createArrayNode();
        for (CniResult r : results) {
            for (CniResult.Interface i : r.interfaces()) {
                ObjectNode entry = CriVerboseInfo.MAPPER.createObjectNode();
                entry.putNull("IPConfigs");
                entry.put("Mac", i.mac());
                entry.put("Sandbox", i.sandbox());
                interfaces.put(i.name(), entry);
            }
            for (CniResult.IpConfig ip : r.ips()) {
                if (ip.interfaceIndex().isEmpty() || ip.interfaceIndex().getAsInt() >= r.interfaces().size()) {
                    continue; // go-cni files an address only under the interface it names
                }
                ObjectNode entry = interfaces.get(r.interfaces().get(ip.interfaceIndex().getAsInt()).name());
                ArrayNode configs = entry.get("IPConfigs").isArray() ? (ArrayNode) entry.get("IPConfigs")
                        : entry.putArray("IPConfigs");
                configs.addObject().put("IP", ip.ip()).put("Gateway", ip.gateway());
            }
            dns.add(dns(r.dns()));
            for (CniResult.Route route : r.routes()) {
                ObjectNode entry = routes.addObject().put("dst", route.dst());
                if (!route.gw().isEmpty()) {
                    entry.put("gw", route.gw());
                }
            }
        }
        ObjectNode out = CriVerboseInfo.MAPPER.createObjectNode();
        interfaces.forEach(out.putObject("Interfaces")::set);
        out.set("DNS", dns);
        out.set("Routes", routes);
        return out;
    }

    /** The CNI spec's DNS object: only what is set. */
    private static ObjectNode dns(CniResult.Dns d) {
        ObjectNode out = CriVerboseInfo.MAPPER.createObjectNode();
        if (!d.nameservers().isEmpty()) {
            d.nameservers().forEach(out.putArray("nameservers")::add);
        }
        if (!d.domain().isEmpty()) {
            out.put("domain", d.domain());
        }
        if (!d.search().isEmpty()) {
            d.search().forEach(out.putArray("search")::add);
        }
        if (!d.options().isEmpty()) {
            d.options().forEach(out.putArray("options")::add);
        }
        return out;
    }
}
