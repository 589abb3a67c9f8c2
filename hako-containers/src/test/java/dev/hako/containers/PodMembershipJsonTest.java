package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.oci.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A container's options are kept as JSON: rows written before a field existed must still read. */
class PodMembershipJsonTest {
    @Test
    void aRowFromBeforeTheConfigAsSentReadsWithNone() {
        String old = "{\"podId\":\"p1\",\"netns\":\"/run/hako/pods/p1/ns/net\",\"containerName\":\"app\",\"imageSpec\":\"busybox\"}";
        PodMembership m = Json.read(old.getBytes(StandardCharsets.UTF_8), PodMembership.class, "row");
        assertEquals("app", m.containerName());
        assertEquals("", m.sentConfig());
    }

    @Test
    void theConfigAsSentIsKept() {
        PodMembership m = new PodMembership("p1", "", "", "", "", false, false, false, "", "", "", "", null, "app", 0, null,
                "busybox", "{\"metadata\":{\"name\":\"app\"}}");
        assertEquals(m, Json.read(Json.write(m), PodMembership.class, "row"));
    }
}
