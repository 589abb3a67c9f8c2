package dev.hako.daemon.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.cni.CniConfig;
import dev.hako.cni.CniNetwork;
import dev.hako.cni.CniNetworks;
import dev.hako.cni.CniPlugin;
import dev.hako.cni.CniResult;
import dev.hako.cni.PodNetworkRequest;
import dev.hako.errdefs.HakoException;
import dev.hako.pods.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pods' network as the verbose answers show it, in the shapes containerd prints (go-cni's):
 * the configuration hako loads (Status) and a pod's results, read back from the CNI result cache
 * (PodSandboxStatus).
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
     * Status' "cniconfig": go-cni's view of what is loaded. hako reads the configuration directory
     * again for each pod and uses its first network (one, as containerd's default max_conf_num),
     * beside the loopback network on "lo"; the pod network on "eth0" when there is a usable one.
     */
    ObjectNode config() {
        ObjectNode out = CriVerboseInfo.MAPPER.createObjectNode();
        ArrayNode dirs = out.putArray("PluginDirs");
        binDirs.forEach(d -> dirs.add(d.toString()));
        out.put("PluginConfDir", confDir.toString());
        out.put("PluginMaxConfNum", 1);
        out.put("Prefix", "eth");
        ArrayNode networks = out.putArray("Networks");
        networks.add(network(CniNetwork.loopback(binDirs, cacheDir).config(), CniNetwork.LOOPBACK_CONFIG, "lo"));
        podNetwork().ifPresent(n -> networks.add(network(n.config(), source(n.config().source()),
                PodNetworkRequest.DEFAULT_IF_NAME)));
        return out;
    }

    /** One network as libcni holds it: the list and each plugin, parsed and as written. */
    private static ObjectNode network(CniConfig config, String source, String ifName) {
        ObjectNode list = CriVerboseInfo.MAPPER.createObjectNode();
        list.put("Name", config.name());
        list.put("CNIVersion", config.cniVersion());
        ArrayNode plugins = list.putArray("Plugins");
        for (CniPlugin plugin : config.plugins()) {
            JsonNode json = CriVerboseInfo.json(plugin.json().getBytes(StandardCharsets.UTF_8));
            plugins.addObject().<ObjectNode>set("Network", netConf(json)).put("Source", plugin.json());
        }
        list.put("Source", source);
        ObjectNode out = CriVerboseInfo.MAPPER.createObjectNode();
        out.set("Config", list);
        out.put("IFName", ifName);
        return out;
    }

    /** libcni's NetConf of a plugin: the fields every plugin shares; ipam and dns are always there. */
    private static ObjectNode netConf(JsonNode plugin) {
        ObjectNode out = CriVerboseInfo.MAPPER.createObjectNode();
        for (String field : List.of("cniVersion", "name", "type", "capabilities")) {
            if (plugin.hasNonNull(field)) {
                out.set(field, plugin.get(field));
            }
        }
        ObjectNode ipam = out.putObject("ipam");
        if (plugin.path("ipam").hasNonNull("type")) {
            ipam.set("type", plugin.path("ipam").get("type"));
        }
        out.set("dns", plugin.path("dns").isObject() ? plugin.get("dns") : CriVerboseInfo.MAPPER.createObjectNode());
        return out;
    }

    private static String source(Path file) {
        try {
            return file == null ? "" : Files.readString(file);
        } catch (IOException e) {
            return ""; // changed or gone since it was loaded
        }
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
