package dev.hako.spec.customisers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.spec.ContainerSettings;
import dev.hako.spec.HostLimits;
import dev.hako.spec.PodNamespaces;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecContext;
import dev.hako.spec.SpecInput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A container of a pod joins the pod's pinned namespaces, or the host's, as the pod asks. */
class PodNamespacesTest {
    private static final Path NET = Path.of("/run/hako/pods/p/ns/net");
    private static final Path IPC = Path.of("/run/hako/pods/p/ns/ipc");
    private static final Path UTS = Path.of("/run/hako/pods/p/ns/uts");

    private static Map<String, String> namespaces(PodNamespaces pod) {
        SpecContext context = SpecContext.builder("0123456789ab", Path.of("/rootfs"), "h").host(HostLimits.unrestricted())
                .pod(pod).build();
        Spec spec = new Spec();
        spec.hostname = "h";
        new NamespacesCustomiser().customise(spec, new SpecInput(null, ContainerSettings.builder().build(), context, List.of()));
        Map<String, String> out = new LinkedHashMap<>();
        spec.linux.namespaces.forEach(n -> out.put(n.type, n.path));
        out.put("sysctl", spec.linux.sysctl.toString());
        out.put("hostname", spec.hostname);
        return out;
    }

    @Test
    void aPodContainerJoinsThePinnedNamespacesAndGetsItsOwnPidAndMount() {
        Map<String, String> ns = namespaces(new PodNamespaces(NET, IPC, UTS, null, false, false, false,
                Map.of("net.ipv4.ip_unprivileged_port_start", "80")));
        assertEquals(NET.toString(), ns.get("network"));
        assertEquals(IPC.toString(), ns.get("ipc"));
        assertEquals(UTS.toString(), ns.get("uts"));
        assertTrue(ns.containsKey("pid") && ns.get("pid") == null);
        assertTrue(ns.containsKey("mount") && ns.get("mount") == null);
        assertEquals("{net.ipv4.ip_unprivileged_port_start=80}", ns.get("sysctl"));
        assertNull(ns.get("hostname"), "the pod's UTS namespace has its name already");
    }

    @Test
    void hostNetworkIpcAndPidUseTheHostsNamespaces() {
        Map<String, String> ns = namespaces(new PodNamespaces(null, null, null, null, true, true, true, Map.of()));
        assertEquals(List.of("mount", "sysctl", "hostname"), List.copyOf(ns.keySet()));
        assertNull(ns.get("mount"));
        assertNull(ns.get("hostname"), "no hostname is set in the host's UTS namespace");
    }

    @Test
    void onlyNamespacedSysctlsWithPlainValuesAreAccepted() {
        new PodNamespaces(NET, IPC, UTS, null, false, false, false,
                Map.of("kernel.shm_rmid_forced", "1", "kernel.msgmax", "8192", "fs.mqueue.msg_max", "10", "net.core.somaxconn", "1024"));
        assertRefused(Map.of("kernel.hostname", "x"), false, false, "kernel.hostname is not namespaced");
        assertRefused(Map.of("vm.swappiness", "1"), false, false, "vm.swappiness is not namespaced");
        assertRefused(Map.of("net.ipv4.ip_forward", "1\nkernel.panic=1"), false, false, "invalid value");
        assertRefused(Map.of("net.ipv4.ip_forward", "1=2"), false, false, "invalid value");
        assertRefused(Map.of("net.ipv4.ip_forward", "1+"), false, false, "invalid value");
        assertRefused(Map.of("net.core.somaxconn", "1"), true, false, "uses the host's network");
        assertRefused(Map.of("kernel.sem", "1 2 3 4"), false, true, "uses the host's IPC namespace");
    }

    private static void assertRefused(Map<String, String> sysctls, boolean hostNetwork, boolean hostIpc, String message) {
        HakoException e = assertThrows(HakoException.class,
                () -> new PodNamespaces(null, null, null, null, hostNetwork, hostIpc, false, sysctls));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
