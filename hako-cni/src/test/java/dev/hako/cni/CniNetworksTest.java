package dev.hako.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and reading the network configuration, libcni's way, and the NetworkReady status. */
class CniNetworksTest {
    @TempDir
    Path tmp;
    Path confDir;
    List<Path> binDirs;

    @BeforeEach
    void setUp() throws IOException {
        confDir = Files.createDirectories(tmp.resolve("net.d"));
        binDirs = List.of(new FakePlugins(tmp).plugin("bridge").plugin("portmap").plugin("tuning").binDir);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(confDir.resolve(name), text);
    }

    @Test
    void noDirOrNoFileMeansNoNetworkYet() throws IOException {
        Path missing = tmp.resolve("missing");
        assertTrue(CniNetworks.load(missing, binDirs).isEmpty());
        write("README", "not a config");
        write("10-old.conflist.bak", "{}");
        assertTrue(CniNetworks.load(confDir, binDirs).isEmpty());

        NetworkStatus status = CniNetworks.status(confDir, binDirs);
        assertFalse(status.ready());
        assertEquals("NetworkPluginNotReady", status.reason());
        assertEquals("no network config found in " + confDir, status.message());
    }

    @Test
    void theFirstFileByNameWinsWhateverItsExtension() throws IOException {
        write("30-last.conflist", """
                {"cniVersion": "1.0.0", "name": "last", "plugins": [{"type": "bridge"}]}""");
        write("20-middle.json", """
                {"cniVersion": "1.0.0", "name": "middle", "type": "bridge"}""");
        write("10-first.conf", """
                {"cniVersion": "0.4.0", "name": "first", "type": "bridge", "bridge": "br9",
                 "capabilities": {"portMappings": true}}""");
        Files.createDirectories(confDir.resolve("00-a-dir.conf"));

        CniConfig config = CniNetworks.load(confDir, binDirs).orElseThrow();

        assertEquals(confDir.resolve("10-first.conf"), config.source());
        assertEquals("first", config.name());
        assertEquals("0.4.0", config.cniVersion());
        assertEquals(1, config.plugins().size(), "a .conf is one plugin, wrapped into a list");
        CniPlugin bridge = config.plugins().get(0);
        assertEquals("bridge", bridge.type());
        assertEquals(Set.of("portMappings"), bridge.capabilities());
        assertTrue(bridge.json().contains("\"br9\""));
        assertTrue(CniNetworks.status(confDir, binDirs).ready());
    }

    @Test
    void aConflistKeepsItsPluginsInOrder() throws Exception {
        write("10-net.conflist", """
                {"cniVersion": "1.0.0", "name": "net", "disableCheck": true, "plugins": [
                  {"type": "bridge", "ipam": {"type": "host-local"}},
                  {"type": "portmap", "capabilities": {"portMappings": true, "bandwidth": false}},
                  {"type": "tuning"}
                ]}""");

        CniConfig config = CniNetworks.load(confDir, binDirs).orElseThrow();

        assertEquals(List.of("bridge", "portmap", "tuning"), config.plugins().stream().map(CniPlugin::type).toList());
        assertEquals(Set.of("portMappings"), config.plugins().get(1).capabilities());
        assertTrue(config.disableCheck());
        JsonNode roundTrip = CniJson.parse(config.toJson());
        assertEquals("net", roundTrip.get("name").asText());
        assertEquals("host-local", roundTrip.at("/plugins/0/ipam/type").asText());
    }

    @Test
    void invalidJsonNamesTheFile() throws IOException {
        Path file = write("10-broken.conflist", "{\"name\": \"x\", ");

        HakoException e = assertThrows(HakoException.class, () -> CniNetworks.load(confDir, binDirs));

        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().startsWith("CNI network config " + file + ": invalid JSON: "), e.getMessage());
        NetworkStatus status = CniNetworks.status(confDir, binDirs);
        assertFalse(status.ready());
        assertTrue(status.message().contains(file.toString()), status.message());
    }

    @Test
    void invalidConfigsSayWhatIsWrong() throws IOException {
        assertLoadFails("10-a.conf", """
                {"cniVersion": "1.0.0", "name": "a"}""", "missing plugin \"type\"");
        assertLoadFails("10-a.conf", """
                {"cniVersion": "1.0.0", "name": "a", "plugins": [{"type": "bridge"}]}""", "needs the .conflist extension");
        assertLoadFails("10-a.conflist", """
                {"cniVersion": "1.0.0", "name": "a", "type": "bridge"}""", "name the file .conf");
        assertLoadFails("10-a.conflist", """
                {"cniVersion": "1.0.0", "plugins": [{"type": "bridge"}]}""", "missing network \"name\"");
        assertLoadFails("10-a.conflist", """
                {"cniVersion": "1.0.0", "name": "bad/name", "plugins": [{"type": "bridge"}]}""", "invalid network name");
        assertLoadFails("10-a.conflist", """
                {"name": "a", "plugins": [{"type": "bridge"}]}""", "missing \"cniVersion\"");
        assertLoadFails("10-a.conflist", """
                {"cniVersion": "1.0.0", "name": "a", "plugins": [{"type": "../../bin/sh"}]}""", "plugin 0: invalid plugin type");
        assertLoadFails("10-a.conflist", """
                {"cniVersion": "1.0.0", "name": "a", "plugins": []}""", "\"plugins\" must be a non-empty list");
        assertLoadFails("10-a.conflist", "[1, 2]", "expected a JSON object");
    }

    private void assertLoadFails(String name, String text, String expected) throws IOException {
        try (var files = Files.list(confDir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Path file = write(name, text);
        HakoException e = assertThrows(HakoException.class, () -> CniNetworks.load(confDir, binDirs), text);
        assertTrue(e.getMessage().startsWith("CNI network config " + file + ": ") && e.getMessage().contains(expected),
                e.getMessage());
    }

    @Test
    void aMissingPluginMakesTheNetworkNotReady() throws IOException {
        Path file = write("10-net.conflist", """
                {"cniVersion": "1.0.0", "name": "net", "plugins": [{"type": "bridge"}, {"type": "firewall"}]}""");

        HakoException e = assertThrows(HakoException.class, () -> CniNetworks.load(confDir, binDirs));

        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals("CNI network config " + file + ": plugin firewall not found in " + binDirs.get(0), e.getMessage());
        assertEquals(e.getMessage(), CniNetworks.status(confDir, binDirs).message());
    }

    @Test
    void cniVersionsPicksTheHighestSupported() {
        CniConfig config = CniConfig.parse("""
                {"cniVersion": "0.4.0", "cniVersions": ["0.3.1", "1.0.0", "1.1.0"], "name": "n", "plugins": [{"type": "bridge"}]}""");

        assertEquals("1.0.0", config.cniVersion());
    }

    @Test
    void filesAreReadAsUtf8Bytes() throws IOException {
        Path file = confDir.resolve("10-u.conflist");
        Files.write(file, """
                {"cniVersion": "1.0.0", "name": "u", "plugins": [{"type": "bridge", "note": "箱"}]}"""
                .getBytes(StandardCharsets.UTF_8));

        assertTrue(CniConfig.read(file).plugins().get(0).json().contains("箱"));
    }
}
