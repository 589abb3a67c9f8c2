package dev.hako.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The three files a container's /etc/hosts, /etc/hostname and /etc/resolv.conf are bound from. They
 * always sit side by side in one directory, a container's bundle or its pod's directory, so their
 * names are known here only.
 */
public record NameFiles(Path hosts, Path hostname, Path resolvConf) {
    public NameFiles {
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(resolvConf, "resolvConf");
    }

    public static NameFiles in(Path dir) {
        return new NameFiles(dir.resolve("hosts"), dir.resolve("hostname"), dir.resolve("resolv.conf"));
    }
}
