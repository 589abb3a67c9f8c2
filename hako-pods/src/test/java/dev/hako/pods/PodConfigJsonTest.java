package dev.hako.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.cni.PortMapping;
import dev.hako.oci.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pods table keeps PodConfig as JSON: rows written before a field existed must still read. */
class PodConfigJsonTest {
    @Test
    void aRowFromBeforeTheConfigAsSentReadsWithNone() {
        String old = "{\"name\":\"web\",\"namespace\":\"default\",\"uid\":\"u1\",\"attempt\":1,\"runtimeHandler\":\"runc\"}";
        PodConfig c = Json.read(old.getBytes(StandardCharsets.UTF_8), PodConfig.class, "row");
        assertEquals("web", c.name());
        assertEquals("runc", c.runtimeHandler());
        assertEquals("", c.sentConfig());
    }

    /** Port mappings are the CNI's records now; rows keep the names they were written with. */
    @Test
    void portMappingsOfStoredRowsReadAsTheyWereWritten() {
        String old = "{\"name\":\"web\",\"namespace\":\"default\",\"portMappings\":[{\"protocol\":\"udp\","
                + "\"containerPort\":53,\"hostPort\":5353,\"hostIp\":\"127.0.0.1\"},{\"containerPort\":80}]}";
        PodConfig c = Json.read(old.getBytes(StandardCharsets.UTF_8), PodConfig.class, "row");
        assertEquals(List.of(new PortMapping(5353, 53, "udp", "127.0.0.1"), new PortMapping(0, 80, "tcp", "")),
                c.portMappings());
        String written = new String(Json.write(c), StandardCharsets.UTF_8);
        assertTrue(written.contains("\"hostIp\":\"127.0.0.1\""), written);
        assertEquals(c, Json.read(Json.write(c), PodConfig.class, "row"));
    }

    @Test
    void theConfigAsSentIsKept() {
        PodConfig c = new PodConfig("web", "default", "u1", 0, "", "", null, null, null, null, "", "", false, false, false,
                null, false, "{\"metadata\":{\"name\":\"web\"}}");
        PodConfig back = Json.read(Json.write(c), PodConfig.class, "row");
        assertEquals(c, back);
    }
}
