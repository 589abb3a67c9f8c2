package dev.hako.cni;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.util.Locale;
import java.util.Set;

/**
 * A container port published on the host, for plugins with the {@code portMappings} capability
 * (portmap). {@code hostPort} 0 means "not published" (kubelet passes every declared container
 * port), and such mappings are not sent. {@code hostIp} null or empty means every host address (the
 * plugin's {@code hostIP}). The one port mapping of hako: a pod's settings keep these as they are.
 */
public record PortMapping(int hostPort, int containerPort, String protocol, String hostIp) {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    public PortMapping {
        if (hostPort < 0 || hostPort > 65535) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid host port " + hostPort + " (0 to 65535)");
        }
        if (containerPort < 1 || containerPort > 65535) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid container port " + containerPort + " (1 to 65535)");
        }
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol.toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid port protocol \"" + protocol + "\" (tcp, udp or sctp)");
        }
        hostIp = hostIp == null ? "" : hostIp;
        if (!hostIp.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "invalid host IP \"" + hostIp + "\" (an IPv4 or IPv6 address)");
        }
    }

    public PortMapping(int hostPort, int containerPort, String protocol) {
        this(hostPort, containerPort, protocol, "");
    }

    boolean published() {
        return hostPort != 0;
    }
}
