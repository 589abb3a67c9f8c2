package dev.hako.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.oci.Json;
import java.nio.charset.StandardCharsets;
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

    @Test
    void theConfigAsSentIsKept() {
        PodConfig c = new PodConfig("web", "default", "u1", 0, "", "", null, null, null, null, "", "", false, false, false,
                null, false, "{\"metadata\":{\"name\":\"web\"}}");
        PodConfig back = Json.read(Json.write(c), PodConfig.class, "row");
        assertEquals(c, back);
    }
}
