package dev.hako.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodFilesTest {
    @Test
    void resolvConfIsWrittenFromTheKubeletsDnsConfig() throws Exception {
        String text = PodFiles.resolvConf(new DnsConfig(List.of("10.96.0.10", "10.96.0.11"),
                List.of("default.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5")));
        assertEquals("""
                search default.svc.cluster.local svc.cluster.local
                nameserver 10.96.0.10
                nameserver 10.96.0.11
                options ndots:5
                """, text);
    }

    @Test
    void podSettingsAreCheckedAndNamed() {
        PodConfig ok = new PodConfig("web", "default", "u1", 2, "", "", null, null, null, null, "", "", false, false, false, null, false);
        assertEquals("web_default_u1_2", ok.sandboxName());
        assertMessage(() -> new PodConfig("", "default", "u", 0, "", "", null, null, null, null, "", "", false, false, false, null, false),
                "metadata.name is required");
        assertMessage(() -> new PodConfig("web", "default", "u", 0, "bad_host!", "", null, null, null, null, "", "", false, false, false, null, false),
                "hostname \"bad_host!\" is invalid");
        assertMessage(() -> new PodConfig("web", "default", "u", 0, "", "relative/logs", null, null, null, null, "", "", false, false, false, null, false),
                "log_directory \"relative/logs\" must be an absolute path");
        assertMessage(() -> new PodConfig("web", "default", "u", 0, "", "", null, null, null, null, "", "", false, true, false, null, true),
                "cannot both share one PID namespace and use the host's");
        assertTrue(new PodConfig("web", "default", "u", 0, "", "", null, null, Map.of("a", "b"), null, "", "", false, false, false, null, false)
                .labels().containsKey("a"));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        HakoException x = assertThrows(HakoException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
