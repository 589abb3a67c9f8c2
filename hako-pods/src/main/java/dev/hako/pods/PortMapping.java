package dev.hako.pods;

/** A port of the pod published on the host. {@code protocol} is tcp, udp or sctp; {@code hostIp} "" for all. */
public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {
    public PortMapping {
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol.toLowerCase(java.util.Locale.ROOT);
        hostIp = hostIp == null ? "" : hostIp;
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw dev.hako.errdefs.HakoException.invalid("port mapping: unknown protocol %s", protocol);
        }
        if (containerPort < 1 || containerPort > 65535) {
            throw dev.hako.errdefs.HakoException.invalid("port mapping: container port %d is out of range", containerPort);
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw dev.hako.errdefs.HakoException.invalid("port mapping: host port %d is out of range", hostPort);
        }
    }
}
