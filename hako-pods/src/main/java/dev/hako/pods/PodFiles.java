package dev.hako.pods;

import dev.hako.spec.NameFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The hostname, hosts and resolv.conf every container of a pod bind-mounts. */
final class PodFiles {
    private static final Path HOST_HOSTS = Path.of("/etc/hosts");
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

    private PodFiles() {}

    static void write(NameFiles files, String hostname, PodConfig config) throws IOException {
        Files.writeString(files.hostname(), hostname + "\n", StandardCharsets.UTF_8);
        if (config.hostNetwork() && Files.isRegularFile(HOST_HOSTS)) {
            Files.copy(HOST_HOSTS, files.hosts());
        } else {
            Files.writeString(files.hosts(), """
                    127.0.0.1\tlocalhost
                    ::1\tlocalhost ip6-localhost ip6-loopback
                    fe00::0\tip6-localnet
                    ff00::0\tip6-mcastprefix
                    ff02::1\tip6-allnodes
                    ff02::2\tip6-allrouters
                    """, StandardCharsets.UTF_8);
        }
        Files.writeString(files.resolvConf(), resolvConf(config.dns()), StandardCharsets.UTF_8);
    }

    /** The kubelet's DNS settings, else the host's file as it is (what containerd does too). */
    static String resolvConf(DnsConfig dns) throws IOException {
        if (dns.isEmpty()) {
            return Files.isRegularFile(HOST_RESOLV_CONF) ? Files.readString(HOST_RESOLV_CONF) : "";
        }
        StringBuilder out = new StringBuilder();
        if (!dns.searches().isEmpty()) {
            out.append("search ").append(String.join(" ", dns.searches())).append('\n');
        }
        for (String server : dns.servers()) {
            out.append("nameserver ").append(server).append('\n');
        }
        if (!dns.options().isEmpty()) {
            out.append("options ").append(String.join(" ", dns.options())).append('\n');
        }
        return out.toString();
    }
}
