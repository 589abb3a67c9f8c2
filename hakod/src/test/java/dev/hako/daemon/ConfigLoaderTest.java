package dev.hako.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import dev.hako.images.UnpackLimits;
import dev.hako.registry.RegistryHost;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @Test
    void readsTheDocumentedSettings() {
        HakoConfig c = ConfigLoader.parse("""
                [registries."docker.io"]
                mirrors = ["http://127.0.0.1:5000", "https://mirror.example:8443"]
                [registries."127.0.0.1:5000"]
                insecure = true
                [images]
                max_concurrent_downloads = 5
                [auth]
                config_file = "/etc/hako/auth.json"
                """, "test.toml");
        RegistryHost hub = c.registries().hosts().get("docker.io");
        assertEquals(List.of(URI.create("http://127.0.0.1:5000"), URI.create("https://mirror.example:8443")), hub.mirrors());
        assertFalse(hub.insecure());
        assertTrue(c.registries().hosts().get("127.0.0.1:5000").insecure());
        assertEquals(5, c.images().maxConcurrentDownloads());
        assertEquals(Path.of("/etc/hako/auth.json"), c.authFile());
    }

    @Test
    void theDockerSocketSitsBesideTheApiSocketUnlessConfigured() {
        Path api = Path.of("/run/hako/hako.sock");
        HakoConfig defaults = ConfigLoader.parse("", "empty.toml");
        assertTrue(defaults.docker().enabled());
        assertEquals(Path.of("/run/hako/docker.sock"), defaults.docker().socketFor(api));
        HakoConfig moved = ConfigLoader.parse("[docker]\nsocket = \"/run/docker.sock\"\n", "test.toml");
        assertEquals(Path.of("/run/docker.sock"), moved.docker().socketFor(api));
        assertFalse(ConfigLoader.parse("[docker]\nenabled = false\n", "test.toml").docker().enabled());
        for (String bad : List.of("[docker]\nsocket = \"docker.sock\"\n", "[docker]\nenabled = \"no\"\n",
                "[docker]\nsokcet = \"/run/docker.sock\"\n")) {
            assertThrows(HakoException.class, () -> ConfigLoader.parse(bad, "test.toml"), bad);
        }
    }

    @Test
    void anEmptyFileMeansDefaults() {
        HakoConfig c = ConfigLoader.parse("", "empty.toml");
        assertEquals(3, c.images().maxConcurrentDownloads());
        assertTrue(c.registries().hosts().isEmpty());
        assertTrue(c.authFile().endsWith(Path.of(".docker", "config.json")));
    }

    @Test
    void aMissingDefaultFileMeansDefaultsButAMissingNamedFileIsAnError(@TempDir Path dir) {
        assertEquals(3, ConfigLoader.load(dir.resolve("absent.toml"), false).images().maxConcurrentDownloads());
        HakoException e = assertThrows(HakoException.class, () -> ConfigLoader.load(dir.resolve("absent.toml"), true));
        assertTrue(e.getMessage().contains("absent.toml does not exist"), e.getMessage());
    }

    @Test
    void mistakesAreNamed() {
        assertError("[images]\nmax_downloads = 2\n", "test.toml: unknown setting images.max_downloads");
        assertError("[registry]\n", "test.toml: unknown setting registry");
        assertError("[registries.\"docker.io\"]\nmirror = [\"http://x\"]\n", "unknown setting registries.\"docker.io\".mirror");
        assertError("[images]\nmax_concurrent_downloads = 0\n", "max_concurrent_downloads must be an integer from 1 to 64");
        assertError("[images]\nmax_concurrent_downloads = \"3\"\n", "max_concurrent_downloads must be an integer");
        assertError("[registries.\"docker.io\"]\nmirrors = [\"ftp://x\"]\n", "invalid URL ftp://x");
        assertError("[registries.\"docker.io\"]\nmirrors = \"http://x\"\n", "mirrors must be an array of URLs");
        assertError("[registries.\"docker.io\"]\ninsecure = \"yes\"\n", "insecure must be true or false");
        assertError("[images\n", "test.toml is not valid TOML");
    }

    @Test
    void readsThePullLimits() {
        HakoConfig c = ConfigLoader.parse("""
                [images]
                registry_idle_timeout_seconds = 5
                max_layer_size = "8GiB"
                max_image_size = 1073741824
                max_expansion_ratio = 50
                expansion_floor = "512 MiB"
                max_layer_entries = 1000
                max_pending_hard_links = 20
                """, "test.toml");
        assertEquals(new UnpackLimits(8L << 30, 1L << 30, 50, 512L << 20, 1000, 20), c.images().limits());
        assertEquals(java.time.Duration.ofSeconds(5), c.registries().idleTimeout());
        assertEquals(3, c.images().maxConcurrentDownloads());
    }

    @Test
    void theLimitsDefaultToWhatEveryRealImagePasses() {
        HakoConfig c = ConfigLoader.parse("", "test.toml");
        assertEquals(UnpackLimits.defaults(), c.images().limits());
        assertEquals(new UnpackLimits(64L << 30, 128L << 30, 100, 1L << 30, 2_000_000, 10_000), UnpackLimits.defaults());
        assertEquals(java.time.Duration.ofSeconds(60), c.registries().idleTimeout());
    }

    @Test
    void limitMistakesAreNamed() {
        assertError("[images]\nmax_layer_size = \"8GB\"\n", "images.max_layer_size must be a positive number of bytes"
                + " or a size such as \"64GiB\"");
        assertError("[images]\nmax_image_size = 0\n", "images.max_image_size must be a positive number of bytes");
        assertError("[images]\nexpansion_floor = \"99999999999TiB\"\n", "images.expansion_floor must be");
        assertError("[images]\nmax_expansion_ratio = 1.5\n", "images.max_expansion_ratio must be an integer");
        assertError("[images]\nmax_layer_entries = -1\n", "images.max_layer_entries must be an integer");
        assertError("[images]\nregistry_idle_timeout_seconds = 0\n", "images.registry_idle_timeout_seconds must be an integer from 1");
        assertError("[images]\nmax_hard_links = 5\n", "unknown setting images.max_hard_links");
    }

    @Test
    void readsTheCniAndStreamingSettings() {
        HakoConfig c = ConfigLoader.parse("""
                [cni]
                conf_dir = "/etc/hako/net.d"
                bin_dirs = ["/opt/cni/bin", "/usr/lib/cni"]
                [streaming]
                address = "127.0.0.1:10010"
                """, "test.toml");
        assertEquals(Path.of("/etc/hako/net.d"), c.cni().confDir());
        assertEquals(java.util.List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")), c.cni().binDirs());
        assertEquals(new StreamingSettings("127.0.0.1", 10010), c.streaming());
        HakoConfig d = ConfigLoader.parse("", "test.toml");
        assertEquals(CniSettings.defaults(), d.cni());
        assertEquals(new StreamingSettings("127.0.0.1", 0), d.streaming());
        assertEquals(new StreamingSettings("::1", 0), ConfigLoader.parse("[streaming]\naddress = \"[::1]:0\"\n", "t").streaming());
    }

    @Test
    void cniAndStreamingMistakesAreNamed() {
        assertError("[cni]\nconfdir = \"/x\"\n", "unknown setting cni.confdir");
        assertError("[cni]\nconf_dir = \"relative\"\n", "cni.conf_dir must be an absolute path");
        assertError("[cni]\nbin_dirs = []\n", "cni.bin_dirs must be a non-empty array");
        assertError("[cni]\nbin_dirs = [\"bin\"]\n", "cni.bin_dirs must hold absolute paths");
        assertError("[streaming]\naddress = \"localhost\"\n", "streaming.address must be HOST:PORT");
        assertError("[streaming]\naddress = \"127.0.0.1:70000\"\n", "streaming.address must be HOST:PORT");
        assertError("[streaming]\nport = 1\n", "unknown setting streaming.port");
    }

    @Test
    void readsTheApiGroup() {
        assertEquals(new ApiSettings(998), ConfigLoader.parse("[api]\ngid = 998\n", "t").api());
        assertEquals(ApiSettings.defaults(), ConfigLoader.parse("", "t").api());
        assertError("[api]\ngid = -1\n", "api.gid must be a group id");
        assertError("[api]\ngid = \"docker\"\n", "api.gid must be a group id");
        assertError("[api]\ngroup = 1\n", "unknown setting api.group");
    }

    private static void assertError(String toml, String message) {
        HakoException e = assertThrows(HakoException.class, () -> ConfigLoader.parse(toml, "test.toml"));
        assertTrue(e.getMessage().contains(message), "expected \"" + message + "\" in: " + e.getMessage());
    }
}
