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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime side of the execution protocol, against fake plugins that record what they were given. */
class CniNetworkTest {
    private static final String ID = "0123456789abcdef";
    private static final String CONFLIST = """
            {"cniVersion": "1.0.0", "name": "podnet", "plugins": [
              {"type": "first", "name": "ignored", "cniVersion": "0.3.1", "setting": 42},
              {"type": "ports", "capabilities": {"portMappings": true, "bandwidth": false}},
              {"type": "shaper", "capabilities": {"bandwidth": true}}
            ]}""";

    @TempDir
    Path tmp;
    FakePlugins fakes;
    Path emptyBinDir;
    Path netns;
    Path cacheDir;
    CniNetwork network;

    @BeforeEach
    void setUp() throws IOException {
        fakes = new FakePlugins(tmp).plugin("first").plugin("ports").plugin("shaper").plugin("loopback");
        emptyBinDir = Files.createDirectories(tmp.resolve("empty-bin"));
        netns = Files.createFile(tmp.resolve("netns"));
        cacheDir = tmp.resolve("cache");
        network = network(CONFLIST);
    }

    private CniNetwork network(String conflist) {
        return new CniNetwork(CniConfig.parse(conflist), List.of(emptyBinDir, fakes.binDir), cacheDir);
    }

    private PodNetworkRequest request() {
        return PodNetworkRequest.of(ID, netns, "web-1", "shop", "5f0c1d2e-uid")
                .withPortMappings(List.of(new PortMapping(8080, 80, "TCP"), new PortMapping(0, 9090, "tcp"),
                        new PortMapping(5353, 53, "udp", "127.0.0.1")));
    }

    private static JsonNode json(String text) throws CniJson.InvalidJson {
        return CniJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addPassesTheSpecsEnvironment() throws Exception {
        network.add(request());

        assertEquals(List.of("CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web-1;"
                        + "K8S_POD_INFRA_CONTAINER_ID=" + ID + ";K8S_POD_UID=5f0c1d2e-uid",
                "CNI_COMMAND=ADD",
                "CNI_CONTAINERID=" + ID,
                "CNI_IFNAME=eth0",
                "CNI_NETNS=" + netns,
                "CNI_PATH=" + emptyBinDir + ":" + fakes.binDir), fakes.env("first", "ADD"));
        assertEquals(fakes.env("first", "ADD"), fakes.env("shaper", "ADD"), "every plugin of a list gets the same environment");
    }

    @Test
    void addRunsThePluginsInOrderChainingEachResult() throws Exception {
        CniResult result = network.add(request());

        assertEquals(List.of("first ADD", "ports ADD", "shaper ADD"), fakes.calls());
        JsonNode first = json(fakes.stdin("first", "ADD"));
        assertEquals("podnet", first.get("name").asText(), "the list's name replaces the plugin's");
        assertEquals("1.0.0", first.get("cniVersion").asText(), "the list's version replaces the plugin's");
        assertEquals(42, first.get("setting").asInt(), "plugin fields pass through");
        assertFalse(first.has("prevResult"));

        JsonNode ports = json(fakes.stdin("ports", "ADD"));
        assertEquals("first", ports.at("/prevResult/by").asText());
        JsonNode shaper = json(fakes.stdin("shaper", "ADD"));
        assertEquals("ports", shaper.at("/prevResult/by").asText());

        assertEquals(List.of("10.1.2.3"), result.podIps(netns), "the result is the last plugin's");
        assertEquals("eth0", result.interfaces().get(0).name());
    }

    @Test
    void runtimeConfigGoesOnlyToPluginsDeclaringTheCapability() throws Exception {
        network.add(request().withBandwidth(new Bandwidth(1_000_000, 2_000_000, 0, 0)));

        assertFalse(json(fakes.stdin("first", "ADD")).has("runtimeConfig"));
        JsonNode ports = json(fakes.stdin("ports", "ADD")).get("runtimeConfig");
        assertEquals(json("""
                {"portMappings": [
                  {"hostPort": 8080, "containerPort": 80, "protocol": "tcp"},
                  {"hostPort": 5353, "containerPort": 53, "protocol": "udp", "hostIP": "127.0.0.1"}
                ]}"""), ports, "published ports only, and no bandwidth: its capability is declared false");
        assertEquals(json("""
                {"bandwidth": {"ingressRate": 1000000, "ingressBurst": 2000000, "egressRate": 0, "egressBurst": 0}}"""),
                json(fakes.stdin("shaper", "ADD")).get("runtimeConfig"));
    }

    @Test
    void noRuntimeConfigWithoutArguments() throws Exception {
        network.add(PodNetworkRequest.of(ID, netns, null, null, null));

        assertFalse(json(fakes.stdin("ports", "ADD")).has("runtimeConfig"));
        assertTrue(fakes.env("first", "ADD").contains("CNI_ARGS=IgnoreUnknown=1;K8S_POD_INFRA_CONTAINER_ID=" + ID));
    }

    @Test
    void delRunsInReverseWithTheCachedResultThenForgetsIt() throws Exception {
        network.add(request());
        JsonNode added = json(fakes.stdin("ports", "ADD")).get("runtimeConfig");
        Path cacheFile = cacheDir.resolve("results/podnet-" + ID + "-eth0");
        assertTrue(Files.exists(cacheFile));
        fakes.clearCalls();

        network.del(request());

        assertEquals(List.of("shaper DEL", "ports DEL", "first DEL"), fakes.calls());
        for (String plugin : List.of("first", "ports", "shaper")) {
            assertEquals("shaper", json(fakes.stdin(plugin, "DEL")).at("/prevResult/by").asText(),
                    plugin + " gets the ADD's final result");
        }
        assertEquals(added, json(fakes.stdin("ports", "DEL")).get("runtimeConfig"));
        assertTrue(fakes.env("first", "DEL").contains("CNI_COMMAND=DEL"));
        assertFalse(Files.exists(cacheFile));
    }

    @Test
    void secondDelAndDelWithoutAddSucceedWithoutPrevResult() throws Exception {
        network.add(request());
        network.del(request());
        fakes.clearCalls();

        network.del(request());
        network.del(request().withIfName("eth1"));

        assertEquals(List.of("shaper DEL", "ports DEL", "first DEL", "shaper DEL", "ports DEL", "first DEL"), fakes.calls());
        assertFalse(json(fakes.stdin("first", "DEL")).has("prevResult"));
    }

    @Test
    void delAfterRestartUsesTheCachedConfigAndArguments() throws Exception {
        network.add(request());
        fakes.clearCalls();
        // hakod restarted and the node's configuration changed meanwhile: DEL undoes what ADD did.
        CniNetwork restarted = network("""
                {"cniVersion": "1.0.0", "name": "podnet", "plugins": [{"type": "shaper"}]}""");

        restarted.del(new PodNetworkRequest(ID, null, "eth0", null, null, null, null, null));

        assertEquals(List.of("shaper DEL", "ports DEL", "first DEL"), fakes.calls());
        List<String> env = fakes.env("first", "DEL");
        assertTrue(env.contains("CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web-1;"
                + "K8S_POD_INFRA_CONTAINER_ID=" + ID + ";K8S_POD_UID=5f0c1d2e-uid"), env.toString());
        assertTrue(env.contains("CNI_NETNS=" + netns), "the cached netns, which still exists: " + env);
        assertEquals(8080, json(fakes.stdin("ports", "DEL")).at("/runtimeConfig/portMappings/0/hostPort").asInt());
        assertEquals("shaper", json(fakes.stdin("first", "DEL")).at("/prevResult/by").asText());
        assertTrue(restarted.cachedResult(request()).isEmpty());
    }

    @Test
    void delWithoutNetnsPassesAnEmptyOne() throws Exception {
        network.del(new PodNetworkRequest(ID, null, null, null, null, null, null, null));

        assertTrue(fakes.env("first", "DEL").contains("CNI_NETNS="));
    }

    @Test
    void cachedResultSurvivesANewNetworkObject() {
        network.add(request());

        CniResult cached = network(CONFLIST).cachedResult(request()).orElseThrow();

        assertEquals(List.of("10.1.2.3"), cached.podIpv4(netns));
    }

    @Test
    void checkRunsInOrderWithTheCachedResult() throws Exception {
        network.add(request());
        fakes.clearCalls();

        network.check(request());

        assertEquals(List.of("first CHECK", "ports CHECK", "shaper CHECK"), fakes.calls());
        assertEquals("shaper", json(fakes.stdin("first", "CHECK")).at("/prevResult/by").asText());
        assertTrue(fakes.env("ports", "CHECK").contains("CNI_COMMAND=CHECK"));
    }

    @Test
    void checkOfAnAttachmentNeverAddedIsNotFound() throws Exception {
        HakoException e = assertThrows(HakoException.class, () -> network.check(request()));

        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("podnet") && e.getMessage().contains(ID), e.getMessage());
        assertEquals(List.of(), fakes.calls());
    }

    @Test
    void checkHonoursDisableCheckAndOldVersions() throws Exception {
        CniNetwork disabled = network("""
                {"cniVersion": "1.0.0", "name": "quiet", "disableCheck": "true", "plugins": [{"type": "first"}]}""");
        disabled.add(request());
        fakes.clearCalls();
        disabled.check(request());
        assertEquals(List.of(), fakes.calls());

        CniNetwork old = network("""
                {"cniVersion": "0.3.1", "name": "old", "plugins": [{"type": "first"}]}""");
        old.add(request());
        HakoException e = assertThrows(HakoException.class, () -> old.check(request()));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("0.3.1"), e.getMessage());

        fakes.clearCalls();
        old.del(request());
        assertFalse(json(fakes.stdin("first", "DEL")).has("prevResult"), "0.3.1 has no prevResult on DEL");
    }

    @Test
    void aPluginErrorNamesThePluginAndUndoesTheAdd() throws Exception {
        fakes.failWith("ports", """
                {"cniVersion": "1.0.0", "code": 7, "msg": "invalid port mapping", "details": "hostPort 8080 is taken"}""");

        CniPluginException e = assertThrows(CniPluginException.class, () -> network.add(request()));

        assertEquals("ports", e.plugin());
        assertEquals("ADD", e.command());
        assertEquals(7, e.code());
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertEquals("CNI plugin ports ADD (network \"podnet\", sandbox " + ID + ", eth0) failed: invalid port mapping: "
                + "hostPort 8080 is taken (CNI error code 7); stderr: ports: something broke", e.getMessage());
        // All plugins get a DEL, in reverse, even the one never reached; the failing one fails again.
        assertEquals(List.of("first ADD", "ports ADD", "shaper DEL", "ports DEL", "first DEL"), fakes.calls());
        assertEquals(1, e.getSuppressed().length);
        assertFalse(Files.exists(cacheDir.resolve("results/podnet-" + ID + "-eth0")));
    }

    @Test
    void outputThatIsNotErrorJsonIsReportedAsIs() throws Exception {
        fakes.failWith("first", "panic: runtime error\n");

        CniPluginException e = assertThrows(CniPluginException.class, () -> network.add(request()));

        assertEquals(CniPluginException.NO_CODE, e.code());
        assertEquals(ErrorKind.INTERNAL, e.kind());
        assertTrue(e.getMessage().contains("CNI plugin first ADD") && e.getMessage().contains("panic: runtime error (exit status 1)")
                && e.getMessage().contains("stderr: first: something broke"), e.getMessage());
    }

    @Test
    void errorCodesGiveKinds() {
        assertEquals(ErrorKind.NOT_FOUND, CniPluginException.kindOf(3));
        assertEquals(ErrorKind.UNAVAILABLE, CniPluginException.kindOf(11));
        assertEquals(ErrorKind.FAILED_PRECONDITION, CniPluginException.kindOf(1));
        assertEquals(ErrorKind.INTERNAL, CniPluginException.kindOf(5));
        assertEquals(ErrorKind.INTERNAL, CniPluginException.kindOf(100));
    }

    @Test
    void aMissingPluginNamesItAndTheBinDirs() {
        CniNetwork missing = network("""
                {"cniVersion": "1.0.0", "name": "podnet", "plugins": [{"type": "first"}, {"type": "nowhere"}]}""");

        CniPluginException e = assertThrows(CniPluginException.class, () -> missing.add(request()));

        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("CNI plugin nowhere not found in " + emptyBinDir + ", " + fakes.binDir),
                e.getMessage());
    }

    @Test
    void aHungPluginIsKilledAndReported() throws Exception {
        fakes.hang("ports");
        CniNetwork impatient = new CniNetwork(CniConfig.parse(CONFLIST), List.of(fakes.binDir), cacheDir, Duration.ofMillis(700));
        long start = System.nanoTime();

        CniPluginException e = assertThrows(CniPluginException.class, () -> impatient.add(request()));

        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("CNI plugin ports ADD") && e.getMessage().contains("did not finish within 700ms"),
                e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "the plugin's sleep was killed too");
    }

    @Test
    void addingTwiceIsAlreadyExists() {
        network.add(request());

        HakoException e = assertThrows(HakoException.class, () -> network.add(request()));

        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        network.add(request().withIfName("eth1"));
    }

    @Test
    void addNeedsAnExistingNetns() {
        HakoException missing = assertThrows(HakoException.class,
                () -> network.add(PodNetworkRequest.of(ID, tmp.resolve("gone"), null, null, null)));
        assertEquals(ErrorKind.FAILED_PRECONDITION, missing.kind());
        assertTrue(missing.getMessage().contains(tmp.resolve("gone").toString()));

        HakoException none = assertThrows(HakoException.class,
                () -> network.add(PodNetworkRequest.of(ID, null, null, null, null)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, none.kind());
    }

    @Test
    void theCacheIsLibcnisFormat() throws Exception {
        network.add(request());

        JsonNode cached = CniJson.parse(Files.readAllBytes(cacheDir.resolve("results/podnet-" + ID + "-eth0")));

        assertEquals("cniCacheV1", cached.get("kind").asText());
        assertEquals(ID, cached.get("containerId").asText());
        assertEquals("eth0", cached.get("ifName").asText());
        assertEquals("podnet", cached.get("networkName").asText());
        assertEquals(netns.toString(), cached.get("netns").asText());
        assertEquals("K8S_POD_NAME", cached.at("/cniArgs/2/0").asText());
        assertEquals("web-1", cached.at("/cniArgs/2/1").asText());
        assertEquals("shaper", cached.at("/result/by").asText());
        JsonNode config = CniJson.parse(cached.get("config").binaryValue());
        assertEquals("podnet", config.get("name").asText());
        assertEquals(3, config.get("plugins").size());
    }

    @Test
    void anUnreadableCacheDoesNotBlockDel() throws Exception {
        network.add(request());
        Path cacheFile = cacheDir.resolve("results/podnet-" + ID + "-eth0");
        Files.writeString(cacheFile, "{truncated");
        fakes.clearCalls();

        network.del(request());

        assertEquals(List.of("shaper DEL", "ports DEL", "first DEL"), fakes.calls());
        assertFalse(json(fakes.stdin("first", "DEL")).has("prevResult"));
        assertFalse(Files.exists(cacheFile));
    }

    @Test
    void loopbackIsANetworkOfItsOwnOnLo() throws Exception {
        CniNetwork lo = CniNetwork.loopback(List.of(fakes.binDir), cacheDir);

        lo.add(request());

        assertEquals(List.of("loopback ADD"), fakes.calls());
        assertTrue(fakes.env("loopback", "ADD").contains("CNI_IFNAME=lo"));
        JsonNode stdin = json(fakes.stdin("loopback", "ADD"));
        assertEquals(json("""
                {"cniVersion": "1.0.0", "name": "lo", "type": "loopback"}"""), stdin);
        assertTrue(Files.exists(cacheDir.resolve("results/lo-" + ID + "-lo")));
        lo.del(request());
        assertFalse(Files.exists(cacheDir.resolve("results/lo-" + ID + "-lo")));
    }
}
