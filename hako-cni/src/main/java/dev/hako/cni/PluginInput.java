package dev.hako.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What a plugin run gets beyond its own configuration: the list's name and version, prevResult, runtimeConfig, CNI_ARGS. */
final class PluginInput {
    private PluginInput() {}

    /**
     * One plugin's stdin: its configuration with the list's name and cniVersion (the spec demands
     * the same for every plugin of a list), the previous result, and {@code runtimeConfig} holding
     * only the capability arguments the plugin declares.
     */
    static byte[] stdin(CniConfig list, CniPlugin plugin, JsonNode prevResult, ObjectNode capabilityArgs) {
        ObjectNode conf = plugin.tree();
        conf.put("name", list.name());
        conf.put("cniVersion", list.cniVersion());
        if (prevResult != null) {
            conf.set("prevResult", prevResult);
        }
        ObjectNode runtimeConfig = CniJson.object();
        capabilityArgs.properties().forEach(e -> {
            if (plugin.capabilities().contains(e.getKey())) {
                runtimeConfig.set(e.getKey(), e.getValue());
            }
        });
        if (!runtimeConfig.isEmpty()) {
            conf.set("runtimeConfig", runtimeConfig);
        }
        return CniJson.bytes(conf);
    }

    /** The CNI conventions' capability arguments of a request: portMappings and bandwidth. */
    static ObjectNode capabilityArgs(PodNetworkRequest req) {
        ObjectNode caps = CniJson.object();
        List<PortMapping> published = req.portMappings().stream().filter(PortMapping::published).toList();
        if (!published.isEmpty()) {
            ArrayNode mappings = caps.putArray("portMappings");
            for (PortMapping m : published) {
                ObjectNode o = mappings.addObject();
                o.put("hostPort", m.hostPort());
                o.put("containerPort", m.containerPort());
                o.put("protocol", m.protocol());
                if (!m.hostIp().isEmpty()) {
                    o.put("hostIP", m.hostIp());
                }
            }
        }
        if (req.bandwidth() != null) {
            Bandwidth b = req.bandwidth();
            ObjectNode o = caps.putObject("bandwidth");
            o.put("ingressRate", b.ingressRate());
            o.put("ingressBurst", b.ingressBurst());
            o.put("egressRate", b.egressRate());
            o.put("egressBurst", b.egressBurst());
        }
        return caps;
    }

    /** "IgnoreUnknown=1;K8S_POD_NAMESPACE=ns;...": CNI_ARGS from key-value pairs. */
    static String cniArgs(List<List<String>> pairs) {
        StringBuilder sb = new StringBuilder();
        for (List<String> pair : pairs) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(pair.get(0)).append('=').append(pair.get(1));
        }
        return sb.toString();
    }
}
