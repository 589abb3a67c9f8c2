package dev.hako.monitor;

import java.time.Instant;

/**
 * How a container ended, from conmon's exit file.
 *
 * @param exitCode the exit code, or 128 + the signal that killed it
 * @param at when conmon wrote the file (its modification time)
 */
public record ContainerExit(int exitCode, Instant at) {}
