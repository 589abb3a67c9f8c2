package dev.hako.daemon;

import java.nio.file.Path;
import java.util.List;

/** hako.toml's [cni]: where network configurations and plugins are found. */
public record CniSettings(Path confDir, List<Path> binDirs) {
    public CniSettings {
        binDirs = List.copyOf(binDirs);
    }

    public static CniSettings defaults() {
        return new CniSettings(Path.of("/etc/cni/net.d"), List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")));
    }
}
