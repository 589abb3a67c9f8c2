package dev.hako.runtime;

import java.nio.file.Path;

/**
 * What {@code hako info} shows about a runtime handler.
 *
 * @param path the binary found, or what was looked for (the configured path, or the name on PATH)
 * @param version the binary's {@code --version} first line; empty when it was not found or failed
 */
public record HandlerInfo(String name, String path, boolean found, String version, Isolation isolation, Path root,
        boolean isDefault) {}
