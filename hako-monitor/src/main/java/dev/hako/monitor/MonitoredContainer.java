package dev.hako.monitor;

/** A container a monitor launched: the runtime's {@code create} succeeded and the monitor watches it. */
public record MonitoredContainer(MonitorPaths paths, int containerPid, int monitorPid) {
    public String id() {
        return paths.id();
    }
}
