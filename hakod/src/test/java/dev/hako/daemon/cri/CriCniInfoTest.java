package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.cni.CniResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriCniInfoTest {
    @Test
    void aPodsResultsInGoCnisShapeAsContainerdPrintsThem() throws Exception {
        String netns = "/run/hako/pods/p1/ns/net";
        CniResult loopback = CniResult.parse("""
                {"cniVersion":"1.0.0","interfaces":[{"name":"lo","mac":"00:00:00:00:00:00","sandbox":"%s"}],
                 "ips":[{"interface":0,"address":"127.0.0.1/8"},{"interface":0,"address":"::1/128"}],"dns":{}}"""
                .formatted(netns), "lo");
        CniResult bridge = CniResult.parse("""
                {"cniVersion":"1.0.0","interfaces":[{"name":"cni0","mac":"1a:36:75:57:e5:3a"},
                 {"name":"veth3d921a05","mac":"92:9b:32:d7:32:b0"},{"name":"eth0","mac":"a6:40:14:a8:e2:5c","sandbox":"%s"}],
                 "ips":[{"interface":2,"address":"10.88.0.2/16","gateway":"10.88.0.1"}],
                 "routes":[{"dst":"0.0.0.0/0"}],"dns":{"nameservers":["10.96.0.10"]}}""".formatted(netns), "eth0");
        String expected = """
                {"Interfaces":{\
                "cni0":{"IPConfigs":null,"Mac":"1a:36:75:57:e5:3a","Sandbox":""},\
                "eth0":{"IPConfigs":[{"IP":"10.88.0.2","Gateway":"10.88.0.1"}],"Mac":"a6:40:14:a8:e2:5c","Sandbox":"%1$s"},\
                "lo":{"IPConfigs":[{"IP":"127.0.0.1","Gateway":""},{"IP":"::1","Gateway":""}],"Mac":"00:00:00:00:00:00",\
                "Sandbox":"%1$s"},\
                "veth3d921a05":{"IPConfigs":null,"Mac":"92:9b:32:d7:32:b0","Sandbox":""}},\
                "DNS":[{},{"nameservers":["10.96.0.10"]}],"Routes":[{"dst":"0.0.0.0/0"}]}""".formatted(netns);
        assertEquals(expected, CriCniInfo.goCniResult(List.of(loopback, bridge)).toString());
    }
}
