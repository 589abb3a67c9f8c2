package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.daemon.ConfigLoader;
import dev.hako.daemon.DaemonPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriStatusInfoTest {
    @TempDir
    Path dir;

    @Test
    void theConfigUnderContainerdsNamesWhereTheyMeanTheSame() throws Exception {
        var config = ConfigLoader.parse("""
                [images]
                max_concurrent_downloads = 5
                [registries."docker.io"]
                mirrors = ["http://127.0.0.1:5000"]
                [registries."127.0.0.1:5000"]
                insecure = true
                [streaming]
                address = "127.0.0.1:10010"
                [cni]
                conf_dir = "/etc/cni/net.d"
                bin_dirs = ["/opt/cni/bin", "/usr/lib/cni"]
                """, "test");
        var settings = new CriSettings(new DaemonPaths(Path.of("/var/lib/hako"), Path.of("/run/hako"),
                Path.of("/run/hako/hako.sock")), config, Path.of("/run/hako/cni/cache"), true);
        JsonNode c = CriStatusInfo.config(settings);
        assertEquals("/var/lib/hako", c.path("rootDir").asText());
        assertEquals("/run/hako", c.path("stateDir").asText());
        assertEquals("127.0.0.1", c.path("streamServerAddress").asText());
        assertEquals("10010", c.path("streamServerPort").asText(), "a string, as containerd's");
        assertEquals("4h0m0s", c.path("streamIdleTimeout").asText());
        assertEquals(5, c.path("maxConcurrentDownloads").asInt());
        assertEquals(true, c.path("restrictOOMScoreAdj").asBoolean());
        assertEquals(false, c.path("systemdCgroup").asBoolean());
        assertEquals(true, c.path("disableApparmor").asBoolean(), "hako applies no AppArmor profile");
        assertEquals(false, c.path("enableSelinux").asBoolean(), "nor SELinux labels");
        assertEquals(true, c.path("netnsMountsUnderStateDir").asBoolean());
        assertEquals("/opt/cni/bin", c.at("/cni/binDir").asText());
        assertEquals("/usr/lib/cni", c.at("/cni/binDirs/1").asText());
        assertEquals("/etc/cni/net.d", c.at("/cni/confDir").asText());
        assertEquals("http://127.0.0.1:5000", c.at("/registry/mirrors/docker.io/endpoint/0").asText());
        assertEquals(true, c.at("/registry/configs/127.0.0.1:5000/tls/insecure_skip_verify").asBoolean());
        assertEquals("runc", c.at("/runtime/defaultRuntimeName").asText());
        assertEquals("/run/hako/runc", c.at("/runtime/runtimes/runc/runtimeRoot").asText());
        assertEquals("overlayfs", c.at("/runtime/snapshotter").asText());
    }

    @Test
    void theInfoKeysAndTheNetworkLoadedInLibcnisShape() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("net.d"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String plugin : List.of("bridge", "portmap", "loopback")) {
            Files.writeString(bin.resolve(plugin), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(plugin), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String conflist = """
                {"cniVersion": "1.0.0", "name": "pods", "plugins": [
                  {"type": "bridge", "bridge": "cni0", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.0.0/16"}]]}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}]}
                """;
        Files.writeString(conf.resolve("10-pods.conflist"), conflist);
        var config = ConfigLoader.parse("""
                [cni]
                conf_dir = "%s"
                bin_dirs = ["%s"]
                """.formatted(conf, bin), "test");
        var settings = new CriSettings(new DaemonPaths(dir.resolve("root"), dir.resolve("state"), dir.resolve("sock")),
                config, dir.resolve("cache"), false);

        var cni = new CriCniInfo(settings).config();
        assertEquals(bin.toString(), cni.at("/PluginDirs/0").asText());
        assertEquals(conf.toString(), cni.path("PluginConfDir").asText());
        assertEquals(1, cni.path("PluginMaxConfNum").asInt());
        assertEquals("eth", cni.path("Prefix").asText());
        assertEquals("lo", cni.at("/Networks/0/IFName").asText());
        assertEquals("loopback", cni.at("/Networks/0/Config/Plugins/0/Network/type").asText());
        JsonNode pods = cni.at("/Networks/1");
        assertEquals("eth0", pods.path("IFName").asText());
        assertEquals("pods", pods.at("/Config/Name").asText());
        assertEquals("1.0.0", pods.at("/Config/CNIVersion").asText());
        assertEquals(conflist, pods.at("/Config/Source").asText(), "the file as written");
        assertEquals("{\"type\":\"bridge\",\"ipam\":{\"type\":\"host-local\"},\"dns\":{}}",
                pods.at("/Config/Plugins/0/Network").toString());
        assertEquals("{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},\"ipam\":{},\"dns\":{}}",
                pods.at("/Config/Plugins/1/Network").toString());
        assertTrue(pods.at("/Config/Plugins/0/Source").asText().contains("\"bridge\":\"cni0\""));

        var info = CriStatusInfo.info(settings, cni, Optional.empty());
        assertEquals(List.of("config", "cniconfig", "lastCNILoadStatus", "lastCNILoadStatus.default", "java"),
                List.copyOf(info.keySet()));
        assertEquals("OK", info.get("lastCNILoadStatus"));
        assertEquals("\"" + Runtime.version() + "\"", info.get("java"), "a JSON string, as containerd's golang");
        assertEquals("no network config found in /x",
                CriStatusInfo.info(settings, cni, Optional.of("no network config found in /x")).get("lastCNILoadStatus"));
    }

    @Test
    void durationsAsGoPrintsThem() {
        assertEquals("4h0m0s", CriStatusInfo.goDuration(Duration.ofHours(4)));
        assertEquals("1m30s", CriStatusInfo.goDuration(Duration.ofSeconds(90)));
        assertEquals("30s", CriStatusInfo.goDuration(Duration.ofSeconds(30)));
    }
}
