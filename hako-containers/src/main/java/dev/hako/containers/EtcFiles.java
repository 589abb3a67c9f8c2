package dev.hako.containers;

import dev.hako.spec.NameFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The /etc/hosts, /etc/hostname and /etc/resolv.conf each container gets, written into its bundle. */
final class EtcFiles {
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

    private EtcFiles() {}

    static void write(NameFiles files, String hostname, boolean hostNetwork) throws IOException {
        Files.writeString(files.hostname(), hostname + "\n");
        Files.write(files.hosts(), List.of(
                "127.0.0.1\tlocalhost",
                "::1\tlocalhost ip6-localhost ip6-loopback",
                "fe00::0\tip6-localnet",
                "ff00::0\tip6-mcastprefix",
                "ff02::1\tip6-allnodes",
                "ff02::2\tip6-allrouters",
                "127.0.1.1\t" + hostname));
        // As docker: the host's resolver configuration; in a network namespace of its own, without
        // the loopback resolvers that would not answer there.
        List<String> lines = Files.exists(HOST_RESOLV_CONF) ? Files.readAllLines(HOST_RESOLV_CONF) : List.of();
        List<String> kept = hostNetwork ? lines : lines.stream()
                .filter(l -> !(l.startsWith("nameserver") && (l.contains(" 127.") || l.contains(" ::1"))))
                .toList();
        Files.write(files.resolvConf(), kept);
    }

    static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
