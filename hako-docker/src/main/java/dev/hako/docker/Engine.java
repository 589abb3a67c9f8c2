package dev.hako.docker;

import java.nio.file.Path;

/**
 * What the daemon tells the Docker API about itself: its version and root (for {@code /version}
 * and {@code /info}).
 */
public record Engine(String version, Path root) {}
