package dev.hako.testkit.net;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The CNI portmap plugin's shared nat chains (CNI-HOSTPORT-DNAT, -MASQ, -SETMARK and the jumps to
 * them from PREROUTING, OUTPUT and POSTROUTING). The plugin makes them on first use and never
 * removes them; a test that made them removes them again, so a fresh machine is left as it was.
 */
public final class PortmapChains {
    public static final Set<String> SHARED = Set.of("CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK");
    private static final List<List<String>> JUMPS = List.of(
            List.of("PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"),
            List.of("OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"),
            List.of("POSTROUTING", "-m", "comment", "--comment", "CNI portfwd requiring masquerade", "-j", "CNI-HOSTPORT-MASQ"));

    private PortmapChains() {}

    /** Whether the shared chains exist now (call before a test that may make them). */
    public static boolean present() {
        return nat().contains("-N CNI-HOSTPORT-DNAT");
    }

    /**
     * Removes the shared chains when they were not {@code presentBefore} and no sandbox's chain
     * (CNI-DN-*) is left that uses them.
     */
    public static void removeIfMadeHere(boolean presentBefore) {
        String nat = nat();
        if (presentBefore || !nat.contains("-N CNI-HOSTPORT-DNAT") || nat.contains("-N CNI-DN-")) {
            return;
        }
        for (List<String> jump : JUMPS) {
            run(concat(List.of("iptables", "-t", "nat", "-D"), jump));
        }
        for (String chain : SHARED) {
            run(List.of("iptables", "-t", "nat", "-F", chain));
            run(List.of("iptables", "-t", "nat", "-X", chain));
        }
    }

    private static String nat() {
        return run(List.of("iptables", "-t", "nat", "-S"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
