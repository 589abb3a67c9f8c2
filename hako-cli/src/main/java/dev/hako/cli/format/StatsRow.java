package dev.hako.cli.format;

import dev.hako.api.v1.ContainerStatsResponse;

/** One line of `stats`, from the daemon's sample. */
public record StatsRow(String id, String name, double cpuPercent, long memoryUsage, long memoryLimit, long pids) {
    public static StatsRow of(ContainerStatsResponse s) {
        String name = s.getName().startsWith("/") ? s.getName().substring(1) : s.getName();
        return new StatsRow(s.getId(), name, s.getCpuPercent(), s.getMemoryUsage(), s.getMemoryLimit(), s.getPids());
    }

    public double memoryPercent() {
        return memoryLimit <= 0 ? 0 : memoryUsage * 100.0 / memoryLimit;
    }
}
