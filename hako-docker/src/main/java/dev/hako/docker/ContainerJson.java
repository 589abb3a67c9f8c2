package dev.hako.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.metadata.ContainerRecord;
import dev.hako.oci.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Containers in docker's JSON shapes: the entries of {@code GET /containers/json} and inspect's document. */
final class ContainerJson {
    private ContainerJson() {}

    static Map<String, Object> summary(Container c, String command) {
        ContainerRecord r = c.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id());
        m.put("Names", List.of("/" + r.name()));
        m.put("Image", r.image());
        m.put("ImageID", r.imageId());
        m.put("Command", command);
        m.put("Created", r.createdAt() / 1_000_000_000L);
        m.put("Ports", List.of());
        m.put("Labels", c.options().labels());
        m.put("State", state(r));
        m.put("Status", ContainerService.status(r));
        m.put("HostConfig", Map.of("NetworkMode", c.options().network().name().toLowerCase(Locale.ROOT)));
        m.put("NetworkSettings", Map.of("Networks", Map.of()));
        m.put("Mounts", List.of());
        return m;
    }

    static String state(ContainerRecord r) {
        return r.state().name().toLowerCase(Locale.ROOT);
    }

    /**
     * The container service's inspect document (docker-shaped already, for {@code hako inspect})
     * with what docker's clients read besides: network settings (no networks yet) and the
     * settings' defaults.
     */
    static JsonNode inspect(String serviceJson) throws IOException {
        ObjectNode c = (ObjectNode) Json.MAPPER.readTree(serviceJson);
        if (!c.has("NetworkSettings")) {
            ObjectNode net = c.putObject("NetworkSettings");
            net.put("Bridge", "");
            net.put("SandboxID", "");
            net.putObject("Ports");
            net.put("IPAddress", "");
            net.put("IPPrefixLen", 0);
            net.put("Gateway", "");
            net.put("MacAddress", "");
            net.putObject("Networks");
        }
        c.putIfAbsent("Mounts", Json.MAPPER.createArrayNode());
        return c;
    }
}
