package dev.hako.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a request may carry, and the CNI_ARGS built from it. */
class PodNetworkRequestTest {
    private static final Path NETNS = Path.of("/run/hako/netns/abc");

    @Test
    void defaultsToEth0AndNoPorts() {
        PodNetworkRequest r = new PodNetworkRequest("abc", NETNS, null, "p", "ns", "uid", null, null);

        assertEquals("eth0", r.ifName());
        assertEquals(List.of(), r.portMappings());
    }

    @Test
    void cniArgsFollowKubeletsOrder() {
        PodNetworkRequest r = PodNetworkRequest.of("abc", NETNS, "web", "shop", "1234-5678");

        assertEquals("IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=abc;K8S_POD_UID=1234-5678",
                PluginInput.cniArgs(r.cniArgs()));
    }

    @Test
    void rejectsWhatWouldBreakTheProtocolOrTheCache() {
        assertInvalid(() -> PodNetworkRequest.of("", NETNS, null, null, null), "invalid CNI container id \"\"");
        assertInvalid(() -> PodNetworkRequest.of("../etc", NETNS, null, null, null), "invalid CNI container id");
        assertInvalid(() -> PodNetworkRequest.of("-abc", NETNS, null, null, null), "invalid CNI container id");
        assertInvalid(() -> PodNetworkRequest.of("abc", NETNS, null, null, null).withIfName("a-very-long-name0"),
                "invalid interface name");
        assertInvalid(() -> PodNetworkRequest.of("abc", NETNS, null, null, null).withIfName("eth/0"), "invalid interface name");
        assertInvalid(() -> PodNetworkRequest.of("abc", NETNS, null, null, null).withIfName(".."), "invalid interface name");
        assertInvalid(() -> PodNetworkRequest.of("abc", NETNS, "web;K8S_POD_UID=x", null, null), "invalid pod name");
        assertInvalid(() -> PodNetworkRequest.of("abc", NETNS, null, "a=b", null), "invalid pod namespace");
    }

    @Test
    void portMappingsAreChecked() {
        assertEquals("sctp", new PortMapping(1, 2, "SCTP").protocol());
        assertEquals("tcp", new PortMapping(1, 2, null).protocol());
        assertInvalid(() -> new PortMapping(1, 2, "icmp"), "invalid port protocol \"icmp\"");
        assertInvalid(() -> new PortMapping(70000, 2, "tcp"), "invalid host port 70000");
        assertInvalid(() -> new PortMapping(1, 0, "tcp"), "invalid container port 0");
        assertInvalid(() -> new PortMapping(1, 2, "tcp", "localhost"), "invalid host IP");
        assertInvalid(() -> new Bandwidth(-1, 0, 0, 0), "must not be negative");
    }

    private static void assertInvalid(Runnable r, String expected) {
        HakoException e = assertThrows(HakoException.class, r::run);
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
