package dev.hako.it.cri;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CRI tests need root, runc, conmon, Debian's CNI plugins and iproute2: without them they fail, saying what to install. */
final class CniPrerequisites {
    private CniPrerequisites() {}

    static void require() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("CRI tests must run as root");
        }
        for (String tool : List.of("runc", "conmon")) {
            if (!Files.isExecutable(Path.of("/usr/bin", tool)) && !Files.isExecutable(Path.of("/usr/sbin", tool))) {
                throw new IllegalStateException(tool + " is not installed: apt-get install " + tool);
            }
        }
        for (String plugin : List.of("bridge", "host-local", "loopback", "portmap")) {
            if (!Files.isExecutable(Path.of("/usr/lib/cni", plugin))) {
                throw new IllegalStateException("CNI plugin " + plugin + " is missing: apt-get install containernetworking-plugins");
            }
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/usr/bin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
            throw new IllegalStateException("ip is missing: apt-get install iproute2");
        }
    }
}
