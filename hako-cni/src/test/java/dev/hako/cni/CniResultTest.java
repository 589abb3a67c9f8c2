package dev.hako.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Results as plugins of each spec version write them. */
class CniResultTest {
    private static final Path NETNS = Path.of("/run/netns/blue");

    // The spec 0.4.0 example: host and sandbox interfaces, "version" on each IP.
    private static final String V040 = """
            {
              "cniVersion": "0.4.0",
              "interfaces": [
                {"name": "cni0", "mac": "00:11:22:33:44:55"},
                {"name": "veth3243", "mac": "55:44:33:22:11:11"},
                {"name": "eth0", "mac": "99:88:77:66:55:44", "sandbox": "/run/netns/blue"}
              ],
              "ips": [
                {"version": "4", "address": "10.1.0.1/16", "interface": 0},
                {"version": "4", "address": "10.1.0.5/16", "gateway": "10.1.0.1", "interface": 2}
              ],
              "routes": [{"dst": "0.0.0.0/0"}],
              "dns": {"nameservers": ["10.1.0.1"], "domain": "example.test", "search": ["a.test"], "options": ["ndots:2"]}
            }""";

    // Spec 1.0.0, dual stack, as the bridge plugin reports it.
    private static final String V100 = """
            {
              "cniVersion": "1.0.0",
              "interfaces": [
                {"name": "hako0", "mac": "8e:e0:0b:5e:65:5c"},
                {"name": "vethc0ffee", "mac": "be:29:5e:6c:8b:f0"},
                {"name": "eth0", "mac": "62:1c:37:e0:ae:5f", "mtu": 1500, "sandbox": "/run/netns/blue"}
              ],
              "ips": [
                {"address": "fd00:88::7/64", "gateway": "fd00:88::1", "interface": 2},
                {"address": "10.88.0.7/16", "gateway": "10.88.0.1", "interface": 2}
              ],
              "routes": [{"dst": "0.0.0.0/0"}, {"dst": "::/0", "gw": "fd00:88::1"}],
              "dns": {}
            }""";

    @Test
    void readsTheSpec040Shape() {
        CniResult r = CniResult.parse(V040, "test");

        assertEquals("0.4.0", r.cniVersion());
        assertEquals(3, r.interfaces().size());
        assertEquals(new CniResult.Interface("eth0", "99:88:77:66:55:44", "/run/netns/blue"), r.interfaces().get(2));
        assertEquals(new CniResult.IpConfig("10.1.0.5/16", "10.1.0.1", OptionalInt.of(2)), r.ips().get(1));
        assertEquals(List.of(new CniResult.Route("0.0.0.0/0", "")), r.routes());
        assertEquals(new CniResult.Dns(List.of("10.1.0.1"), "example.test", List.of("a.test"), List.of("ndots:2")), r.dns());
        assertEquals(List.of("10.1.0.5"), r.podIps(NETNS), "only the address on the sandbox's interface");
    }

    @Test
    void readsTheSpec100ShapeIpv4First() {
        CniResult r = CniResult.parse(V100, "test");

        assertEquals("1.0.0", r.cniVersion());
        assertEquals(List.of("10.88.0.7"), r.podIpv4(NETNS));
        assertEquals(List.of("fd00:88::7"), r.podIpv6(NETNS));
        assertEquals(List.of("10.88.0.7", "fd00:88::7"), r.podIps(NETNS));
        assertEquals(new CniResult.Route("::/0", "fd00:88::1"), r.routes().get(1));
        assertEquals(CniResult.Dns.NONE, r.dns());
    }

    @Test
    void withoutASandboxInterfaceEveryAddressCounts() {
        CniResult r = CniResult.parse("""
                {"cniVersion": "1.0.0", "ips": [{"address": "192.168.5.9/24"}, {"address": "2001:db8::9/64"}]}""", "test");

        assertEquals(List.of("192.168.5.9", "2001:db8::9"), r.podIps(NETNS));
        assertEquals(List.of("192.168.5.9"), r.podIpv4(Path.of("/run/netns/other")));
    }

    @Test
    void readsTheSpec020Shape() {
        CniResult r = CniResult.parse("""
                {"cniVersion": "0.2.0", "ip4": {"ip": "10.2.0.4/24", "gateway": "10.2.0.1",
                 "routes": [{"dst": "0.0.0.0/0"}]}, "dns": {"nameservers": ["8.8.8.8"]}}""", "test");

        assertEquals(List.of("10.2.0.4"), r.podIps(NETNS));
        assertEquals("10.2.0.1", r.ips().get(0).gateway());
        assertEquals(List.of(new CniResult.Route("0.0.0.0/0", "")), r.routes());
    }

    @Test
    void invalidResultsNameTheirSource() {
        HakoException e = assertThrows(HakoException.class, () -> CniResult.parse("not json", "plugin bridge"));
        assertTrue(e.getMessage().startsWith("plugin bridge: invalid CNI result"), e.getMessage());

        HakoException noAddress = assertThrows(HakoException.class,
                () -> CniResult.parse("{\"ips\": [{\"gateway\": \"10.0.0.1\"}]}", "plugin bridge"));
        assertTrue(noAddress.getMessage().contains("without \"address\""), noAddress.getMessage());
    }
}
