package dev.hako.containers;

/** How a container ended: its exit code and whether the kernel's OOM killer ended it. */
public record ContainerExitStatus(int exitCode, boolean oomKilled) {}
