package dev.hako.monitor;

/** A container conmon created: the runtime's {@code create} succeeded and conmon watches it. */
public record MonitoredContainer(String id, int containerPid, int conmonPid, ConmonPaths paths) {}
