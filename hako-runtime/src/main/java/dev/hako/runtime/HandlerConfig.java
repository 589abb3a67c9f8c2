package dev.hako.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code [runtimes.NAME]} table of hako.toml: an OCI runtime binary (found on PATH when
 * {@code path} is null), the state directory it gets as {@code --root}, extra global arguments,
 * and how it isolates.
 */
public record HandlerConfig(String name, Path path, Path root, Isolation isolation, List<String> args) {
    public HandlerConfig {
        args = args == null ? List.of() : List.copyOf(args);
    }
}
