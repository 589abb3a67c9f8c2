package dev.hako.snapshots;

import java.util.List;

/** A mount to perform, as containerd describes one: type, source and options (e.g. overlay lowerdir=...). */
public record Mount(String type, String source, List<String> options) {
    public Mount {
        options = List.copyOf(options);
    }
}
