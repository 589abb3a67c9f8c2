package dev.hako.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.HakoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conflist set-up installs: exactly the fields the bridge and portmap plugins read. */
class DefaultNetworkTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheBridgeAndPortmapList() throws Exception {
        Path confDir = tmp.resolve("etc/cni/net.d");

        Path file = DefaultNetwork.write(confDir);

        assertEquals(confDir.resolve("10-hako-bridge.conflist"), file);
        JsonNode json = CniJson.parse(Files.readAllBytes(file));
        assertEquals(CniJson.parse("""
                {
                  "cniVersion": "1.0.0",
                  "name": "hako",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "hako0",
                      "isGateway": true,
                      "ipMasq": true,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "ranges": [[{"subnet": "10.88.0.0/16"}]],
                        "routes": [{"dst": "0.0.0.0/0"}]
                      }
                    },
                    {"type": "portmap", "capabilities": {"portMappings": true}}
                  ]
                }""".getBytes()), json);

        List<Path> binDirs = List.of(new FakePlugins(tmp).plugin("bridge").plugin("portmap").binDir);
        CniConfig loaded = CniNetworks.load(confDir, binDirs).orElseThrow();
        assertEquals("hako", loaded.name());
        assertEquals(Set.of("portMappings"), loaded.plugins().get(1).capabilities());
        assertEquals(file, DefaultNetwork.write(confDir), "writing again replaces the file");
        try (var files = Files.list(confDir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void variantsAreChecked() {
        assertThrows(HakoException.class, () -> DefaultNetwork.conflist("n", "a-bridge-name-too-long", "10.0.0.0/24"));
        assertThrows(HakoException.class, () -> DefaultNetwork.conflist("n", "br0", "10.0.0.0"));
        assertThrows(HakoException.class, () -> DefaultNetwork.conflist("bad name", "br0", "10.0.0.0/24"));
        assertEquals("test", CniConfig.parse(DefaultNetwork.conflist("test", "br0", "10.199.0.0/24")).name());
    }
}
