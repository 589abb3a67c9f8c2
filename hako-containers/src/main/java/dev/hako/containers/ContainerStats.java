package dev.hako.containers;

/** One reading of {@code hako stats}: CPU over a short window, memory and pids from the cgroup. */
public record ContainerStats(String id, String name, double cpuPercent, long cpuUsageNanos, long memoryUsage,
                             long memoryLimit, long pids, long pidsLimit, int onlineCpus) {}
