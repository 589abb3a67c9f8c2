package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** inspect shows the typed settings in docker's shapes, as it showed the CLI's strings before. */
class ContainerInspectorTest extends ServiceTestBase {
    @Test
    void mountsSeccompAndTheNetworkInDockersShapes() throws Exception {
        Path host = Files.createDirectories(dir.resolve("host"));
        ContainerOptions o = new ContainerOptions("web", TestContainers.IMAGE, null, List.of(), List.of(), "", "",
                List.of(Volume.parse(host + ":/c"), Volume.parse(host + ":/d:ro,rslave")),
                List.of(Tmpfs.parse("/run:exec,size=64m"), Tmpfs.parse("/scratch")), false, "", 0, 0, 0, List.of(),
                List.of(), false, SeccompSetting.UNCONFINED, false, NetworkMode.HOST, "", false, false, false, false,
                Map.of());
        String id = t.service.create(o).id();

        JsonNode hostConfig = Json.MAPPER.readTree(t.service.inspect(id)).get("HostConfig");
        assertEquals("[\"" + host + ":/c\",\"" + host + ":/d:ro,rslave\"]", hostConfig.get("Binds").toString());
        assertEquals("host", hostConfig.get("NetworkMode").asText());
        assertEquals("[\"seccomp=unconfined\"]", hostConfig.get("SecurityOpt").toString());
        assertEquals("{\"/run\":\"exec,size=64m\",\"/scratch\":\"\"}", hostConfig.get("Tmpfs").toString());
        JsonNode mounts = Json.MAPPER.readTree(t.service.inspect(id)).get("Mounts");
        assertEquals(host.toString(), mounts.get(1).get("Source").asText());
        assertEquals("/d", mounts.get(1).get("Destination").asText());
        assertEquals("ro", mounts.get(1).get("Mode").asText());
    }
}
