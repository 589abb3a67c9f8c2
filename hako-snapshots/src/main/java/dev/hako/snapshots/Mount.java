package dev.hako.snapshots;

import java.util.List;
import java.util.Optional;

/** A mount to perform, as containerd describes one: type, source and options (e.g. overlay lowerdir=...). */
public record Mount(String type, String source, List<String> options) {
    public Mount {
        options = List.copyOf(options);
    }

    /** The value of the first option that starts with {@code prefix} ("upperdir="), without the prefix. */
    public Optional<String> option(String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).findFirst().map(o -> o.substring(prefix.length()));
    }
}
